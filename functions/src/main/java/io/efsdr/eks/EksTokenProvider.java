package io.efsdr.eks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Mints the bearer token EKS accepts: {@code k8s-aws-v1.} followed by the unpadded base64url of a
 * SigV4-presigned STS {@code GetCallerIdentity} URL that signs {@code host} and
 * {@code x-k8s-aws-id} (the cluster name) with {@code X-Amz-Expires=60}.
 *
 * <p>STS honours such a URL for 15 minutes, so a token is reused for at most {@link #MAX_AGE}.
 * Nothing is minted until first asked for, never at class initialisation: a SnapStart snapshot
 * may be restored long after it was taken.
 */
public final class EksTokenProvider {
    public static final String PREFIX = "k8s-aws-v1.";
    public static final Duration MAX_AGE = Duration.ofMinutes(14);
    static final String CLUSTER_HEADER = "x-k8s-aws-id";
    private static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);

    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    public EksTokenProvider(AwsCredentialsProvider credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A minted token and when it was minted. */
    public record Token(String value, Instant mintedAt) {
        @Override
        public String toString() {
            return "Token[minted " + mintedAt + "]";
        }
    }

    /** A token for the cluster, reused while younger than {@link #MAX_AGE}. */
    public String token(String region, String clusterName) {
        String key = region + "/" + clusterName;
        Instant now = clock.instant();
        Token cached = cache.get(key);
        if (cached != null
                && Duration.between(cached.mintedAt(), now).compareTo(MAX_AGE) < 0
                && !cached.mintedAt().isAfter(now)) {
            return cached.value();
        }
        Token fresh = new Token(mint(region, clusterName, now), now);
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Forgets a cluster's token, after the API server refused it. */
    public void invalidate(String region, String clusterName) {
        cache.remove(region + "/" + clusterName);
    }

    String mint(String region, String clusterName, Instant now) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("https://sts." + region + ".amazonaws.com/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, clusterName)
                .build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        Clock signingClock = Clock.fixed(now, ZoneOffset.UTC);
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
        String url = signed.request().getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
