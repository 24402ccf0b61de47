package io.efsdr.sandbox.kubernetes;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks EKS bearer tokens as STS and the EKS authenticator would: {@code k8s-aws-v1.} followed by
 * the unpadded base64url of a SigV4 query-presigned {@code GET
 * https://sts.<region>.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15} whose signed
 * headers are exactly {@code host;x-k8s-aws-id}, with {@code x-k8s-aws-id} set to this cluster's
 * name. The signature is recomputed with the known secret key; the token is valid from one minute
 * before its {@code X-Amz-Date} until 15 minutes after it, by the given clock.
 */
public final class EksTokenVerifier {
    /** The token prefix EKS expects. */
    public static final String PREFIX = "k8s-aws-v1.";

    static final Duration MAX_AGE = Duration.ofMinutes(15);
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);
    static final int MAX_EXPIRES_SECONDS = 60;

    private static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> ALLOWED_PARAMETERS = Set.of(
            "Action",
            "Version",
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-Security-Token",
            "X-Amz-Signature",
            "X-Amz-SignedHeaders");

    /** Why a token was refused. */
    public enum Rejection {
        MISSING,
        BAD_PREFIX,
        BAD_ENCODING,
        BAD_URL,
        BAD_ALGORITHM,
        UNKNOWN_ACCESS_KEY,
        BAD_CREDENTIAL_SCOPE,
        BAD_SIGNED_HEADERS,
        BAD_EXPIRES,
        NOT_YET_VALID,
        EXPIRED,
        BAD_SIGNATURE
    }

    private final String clusterName;
    private final String region;
    private final Clock clock;
    private final Map<String, String> secretKeys;
    private volatile Clock clientClock;
    private volatile String staticToken;

    /**
     * @param secretKeys accepted credentials, access key id to secret access key
     */
    public EksTokenVerifier(String clusterName, String region, Clock clock, Map<String, String> secretKeys) {
        this.clusterName = clusterName;
        this.region = region;
        this.clock = clock;
        this.secretKeys = Map.copyOf(secretKeys);
    }

    /**
     * Also accepts tokens that are valid by {@code clientClock} (serve mode: a CLI signs with the
     * machine's clock, which the sandbox's runs ahead of once a drill skipped time or a clock rate is set).
     */
    public void acceptClientClock(Clock clientClock) {
        this.clientClock = clientClock;
    }

    /**
     * Also accepts {@code Bearer <token>}, as kube-apiserver does for a static token file (Kubernetes
     * docs, "Authenticating", Static token file); serve mode's fallback when {@code aws} is missing.
     */
    public void acceptStaticToken(String token) {
        this.staticToken = token;
    }

    /** Empty when {@code authorization} (the whole header value) is valid for this cluster now. */
    public Optional<Rejection> check(String authorization) {
        try {
            verify(authorization);
            return Optional.empty();
        } catch (Rejected rejected) {
            return Optional.of(rejected.reason);
        }
    }

    private void verify(String authorization) throws Rejected {
        if (authorization == null || authorization.isBlank()) {
            throw new Rejected(Rejection.MISSING);
        }
        String accepted = staticToken;
        if (accepted != null
                && MessageDigest.isEqual(
                        ("Bearer " + accepted).getBytes(StandardCharsets.UTF_8),
                        authorization.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        if (!authorization.startsWith("Bearer " + PREFIX)) {
            throw new Rejected(Rejection.BAD_PREFIX);
        }
        String encoded = authorization.substring(("Bearer " + PREFIX).length());
        if (encoded.isEmpty() || encoded.indexOf('=') >= 0) {
            throw new Rejected(Rejection.BAD_ENCODING);
        }
        URI url;
        try {
            url = new URI(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new Rejected(Rejection.BAD_ENCODING);
        }
        String host = "sts." + region + ".amazonaws.com";
        if (!"https".equals(url.getScheme())
                || !host.equals(url.getHost())
                || url.getPort() != -1
                || url.getRawUserInfo() != null
                || !"/".equals(url.getRawPath())
                || url.getRawFragment() != null
                || url.getRawQuery() == null) {
            throw new Rejected(Rejection.BAD_URL);
        }
        Map<String, String> query = parseQuery(url.getRawQuery());
        if (!"GetCallerIdentity".equals(query.get("Action"))
                || !"2011-06-15".equals(query.get("Version"))
                || !ALLOWED_PARAMETERS.containsAll(query.keySet())) {
            throw new Rejected(Rejection.BAD_URL);
        }
        if (!"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm"))) {
            throw new Rejected(Rejection.BAD_ALGORITHM);
        }
        String amzDate = query.get("X-Amz-Date");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(required(query, "X-Amz-Date", Rejection.BAD_URL)));
        } catch (DateTimeParseException e) {
            throw new Rejected(Rejection.BAD_URL);
        }
        String[] credential = required(query, "X-Amz-Credential", Rejection.BAD_CREDENTIAL_SCOPE)
                .split("/", -1);
        if (credential.length != 5) {
            throw new Rejected(Rejection.BAD_CREDENTIAL_SCOPE);
        }
        String secretKey = secretKeys.get(credential[0]);
        if (secretKey == null) {
            throw new Rejected(Rejection.UNKNOWN_ACCESS_KEY);
        }
        if (!credential[1].equals(amzDate.substring(0, 8))
                || !credential[2].equals(region)
                || !credential[3].equals("sts")
                || !credential[4].equals("aws4_request")) {
            throw new Rejected(Rejection.BAD_CREDENTIAL_SCOPE);
        }
        if (!"host;x-k8s-aws-id".equals(query.get("X-Amz-SignedHeaders"))) {
            throw new Rejected(Rejection.BAD_SIGNED_HEADERS);
        }
        int expires;
        try {
            expires = Integer.parseInt(required(query, "X-Amz-Expires", Rejection.BAD_EXPIRES));
        } catch (NumberFormatException e) {
            throw new Rejected(Rejection.BAD_EXPIRES);
        }
        if (expires <= 0 || expires > MAX_EXPIRES_SECONDS) {
            throw new Rejected(Rejection.BAD_EXPIRES);
        }
        Clock client = clientClock;
        Optional<Rejection> byClock = validity(signedAt, clock.instant());
        if (byClock.isPresent()
                && (client == null || validity(signedAt, client.instant()).isPresent())) {
            throw new Rejected(byClock.get());
        }
        String signature = required(query, "X-Amz-Signature", Rejection.BAD_SIGNATURE);
        String scope = String.join("/", credential[1], region, "sts", "aws4_request");
        String expected = sign(secretKey, credential[1], amzDate, scope, canonicalRequest(host, query));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new Rejected(Rejection.BAD_SIGNATURE);
        }
    }

    private static Optional<Rejection> validity(Instant signedAt, Instant now) {
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return Optional.of(Rejection.NOT_YET_VALID);
        }
        if (signedAt.plus(MAX_AGE).isBefore(now)) {
            return Optional.of(Rejection.EXPIRED);
        }
        return Optional.empty();
    }

    private String canonicalRequest(String host, Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        query.forEach((name, value) -> {
            if (!name.equals("X-Amz-Signature")) {
                sorted.put(uriEncode(name), uriEncode(value));
            }
        });
        StringBuilder canonicalQuery = new StringBuilder();
        sorted.forEach((name, value) -> canonicalQuery
                .append(canonicalQuery.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(value));
        return "GET\n/\n"
                + canonicalQuery
                + "\nhost:"
                + host
                + "\nx-k8s-aws-id:"
                + clusterName
                + "\n\nhost;x-k8s-aws-id\n"
                + EMPTY_PAYLOAD_SHA256;
    }

    private static String sign(String secretKey, String date, String amzDate, String scope, String canonicalRequest) {
        try {
            String stringToSign = "AWS4-HMAC-SHA256\n"
                    + amzDate
                    + "\n"
                    + scope
                    + "\n"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
            for (String part : scope.split("/")) {
                key = hmac(key, part);
            }
            return HexFormat.of().formatHex(hmac(key, stringToSign));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> parseQuery(String rawQuery) throws Rejected {
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Rejected(Rejection.BAD_URL);
            }
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (query.put(name, value) != null) {
                    throw new Rejected(Rejection.BAD_URL);
                }
            } catch (IllegalArgumentException e) {
                throw new Rejected(Rejection.BAD_URL);
            }
        }
        return query;
    }

    private static String required(Map<String, String> query, String name, Rejection otherwise) throws Rejected {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new Rejected(otherwise);
        }
        return value;
    }

    private static String uriEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static final class Rejected extends Exception {
        private final Rejection reason;

        Rejected(Rejection reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
