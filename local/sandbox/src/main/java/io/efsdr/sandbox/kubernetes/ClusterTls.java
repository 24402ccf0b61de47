package io.efsdr.sandbox.kubernetes;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh EC P-256 certificate authority and a server certificate it signed for {@code 127.0.0.1}
 * and {@code localhost}. Validity uses real time, as TLS clients check it against their own clock.
 *
 * @param caPem the CA certificate in PEM, the text EKS base64-encodes as {@code
 *     certificateAuthority.data}
 */
record ClusterTls(SSLContext serverContext, X509Certificate caCertificate, String caPem) {

    static ClusterTls generate(String clusterName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(365)));
            byte[] caKeyId = keyIdentifier(caKeys);

            X500Name caName = new X500Name("CN=kubernetes");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(
                            caName, serial(), notBefore, notAfter, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(caKeyId));
            X509Certificate caCert = sign(ca, caKeys);

            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(
                            caCert,
                            serial(),
                            notBefore,
                            notAfter,
                            new X500Name("CN=kube-apiserver " + clusterName.replace(",", "")),
                            serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")
                    }))
                    .addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caKeyId))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(serverKeys)));
            X509Certificate serverCert = sign(server, caKeys);

            char[] password = "changeit".toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", serverKeys.getPrivate(), password, new Certificate[] {serverCert, caCert});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new ClusterTls(context, caCert, pem(caCert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the cluster certificates", e);
        }
    }

    /** Base64 of the CA PEM, as EKS {@code DescribeCluster} returns it. */
    String certificateAuthorityData() {
        return Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    /** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyIdentifier(KeyPair keys) throws GeneralSecurityException {
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                .getPublicKeyData()
                .getBytes();
        return MessageDigest.getInstance("SHA-1").digest(keyBits);
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).setBit(63);
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
