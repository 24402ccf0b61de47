package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** One started stand-in plus a client that trusts only its CA and signs EKS tokens. */
final class KubernetesTestSupport implements AutoCloseable {
    static final String CLUSTER = "primary-eks";
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIAEXAMPLEK8S";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final ObjectMapper JSON = new ObjectMapper();

    final VirtualClock clock = new VirtualClock();
    final FaultPlan faults = new FaultPlan();
    final KubernetesStandIn standIn;
    final HttpClient client;

    KubernetesTestSupport() throws IOException {
        standIn = new KubernetesStandIn(CLUSTER, REGION, clock, faults, Map.of(ACCESS_KEY, SECRET_KEY)).start();
        client = HttpClient.newBuilder()
                .sslContext(trustingOnly(standIn.certificateAuthorityData()))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** An EKS bearer token presigned by the AWS SDK signer, as the orchestrator mints it. */
    static String token(String cluster, String region, String accessKey, String secretKey, Instant at) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host("sts." + region + ".amazonaws.com")
                .encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", cluster)
                .build();
        String url = AwsV4HttpSigner.create()
                .sign(r -> r.request(request)
                        .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60))
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request()
                .getUri()
                .toString();
        return EksTokenVerifier.PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    String validToken() {
        return token(CLUSTER, REGION, ACCESS_KEY, SECRET_KEY, clock.instant());
    }

    static SSLContext trustingOnly(String certificateAuthorityData) {
        try {
            byte[] pem = Base64.getDecoder().decode(certificateAuthorityData);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(
                    "eks-ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        return sendAs("Bearer " + validToken(), method, path, body, contentType);
    }

    HttpResponse<String> sendAs(String authorization, String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(standIn.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        client.close();
        standIn.close();
    }
}
