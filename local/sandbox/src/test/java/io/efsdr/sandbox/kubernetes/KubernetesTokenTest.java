package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.ACCESS_KEY;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.CLUSTER;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.REGION;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.SECRET_KEY;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.VirtualClock;
import io.efsdr.sandbox.kubernetes.EksTokenVerifier.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesTokenTest {
    private final VirtualClock clock = new VirtualClock();
    private final EksTokenVerifier verifier =
            new EksTokenVerifier(CLUSTER, REGION, clock, Map.of(ACCESS_KEY, SECRET_KEY));

    private String sdkToken() {
        return token(CLUSTER, REGION, ACCESS_KEY, SECRET_KEY, clock.instant());
    }

    private static String url(String token) {
        return new String(
                Base64.getUrlDecoder().decode(token.substring(EksTokenVerifier.PREFIX.length())),
                StandardCharsets.UTF_8);
    }

    private static String encode(String url) {
        return EksTokenVerifier.PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheSdkPresignedTokenForThisCluster() {
        String token = sdkToken();
        String url = url(token);
        assertTrue(url.startsWith("https://sts.us-east-1.amazonaws.com/?"), url);
        assertTrue(url.contains("X-Amz-Expires=60"), url);
        assertTrue(url.contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"), url);
        assertEquals(Optional.empty(), verifier.check("Bearer " + token));
    }

    @Test
    void refusesMalformedTokens() {
        String token = sdkToken();
        assertEquals(Optional.of(Rejection.MISSING), verifier.check(null));
        assertEquals(Optional.of(Rejection.BAD_PREFIX), verifier.check(token));
        assertEquals(
                Optional.of(Rejection.BAD_PREFIX),
                verifier.check("Bearer " + token.replace("k8s-aws-v1.", "k8s-aws-v2.")));
        String padded = EksTokenVerifier.PREFIX
                + Base64.getUrlEncoder().encodeToString(url(token).getBytes(StandardCharsets.UTF_8));
        if (!padded.endsWith("=")) {
            padded = EksTokenVerifier.PREFIX
                    + Base64.getUrlEncoder().encodeToString((url(token) + "&").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(padded.endsWith("="));
        assertEquals(Optional.of(Rejection.BAD_ENCODING), verifier.check("Bearer " + padded));
        String standardBase64 = EksTokenVerifier.PREFIX
                + Base64.getEncoder()
                        .withoutPadding()
                        .encodeToString(url(token).getBytes(StandardCharsets.UTF_8))
                        .replace('-', '+')
                + "/";
        assertEquals(Optional.of(Rejection.BAD_ENCODING), verifier.check("Bearer " + standardBase64));
    }

    @Test
    void refusesATokenForAnotherClusterOrRegion() {
        assertEquals(
                Optional.of(Rejection.BAD_SIGNATURE),
                verifier.check("Bearer " + token("dr-eks", REGION, ACCESS_KEY, SECRET_KEY, clock.instant())));
        assertEquals(
                Optional.of(Rejection.BAD_URL),
                verifier.check("Bearer " + token(CLUSTER, "us-west-2", ACCESS_KEY, SECRET_KEY, clock.instant())));
        String global = url(sdkToken()).replace("sts.us-east-1.amazonaws.com", "sts.amazonaws.com");
        assertEquals(Optional.of(Rejection.BAD_URL), verifier.check("Bearer " + encode(global)));
    }

    @Test
    void refusesWrongCredentialsAndTampering() {
        assertEquals(
                Optional.of(Rejection.BAD_SIGNATURE),
                verifier.check("Bearer " + token(CLUSTER, REGION, ACCESS_KEY, "not-the-secret", clock.instant())));
        assertEquals(
                Optional.of(Rejection.UNKNOWN_ACCESS_KEY),
                verifier.check("Bearer " + token(CLUSTER, REGION, "AKIAOTHER", SECRET_KEY, clock.instant())));
        String url = url(sdkToken());
        assertEquals(
                Optional.of(Rejection.BAD_SIGNED_HEADERS),
                verifier.check("Bearer " + encode(url.replace("host%3Bx-k8s-aws-id", "host"))));
        assertEquals(
                Optional.of(Rejection.BAD_EXPIRES),
                verifier.check("Bearer " + encode(url.replace("X-Amz-Expires=60", "X-Amz-Expires=900"))));
        assertEquals(
                Optional.of(Rejection.BAD_URL),
                verifier.check("Bearer " + encode(url.replace("GetCallerIdentity", "AssumeRole"))));
        String signature = url.substring(url.indexOf("X-Amz-Signature=") + 16, url.indexOf("X-Amz-Signature=") + 80);
        String flipped = (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1);
        assertEquals(
                Optional.of(Rejection.BAD_SIGNATURE),
                verifier.check("Bearer " + encode(url.replace(signature, flipped))));
    }

    @Test
    void honoursTheFifteenMinuteValidityByTheVirtualClock() {
        String token = sdkToken();
        clock.advance(Duration.ofMinutes(14));
        assertEquals(Optional.empty(), verifier.check("Bearer " + token));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.of(Rejection.EXPIRED), verifier.check("Bearer " + token));
        String future =
                token(CLUSTER, REGION, ACCESS_KEY, SECRET_KEY, clock.instant().plus(Duration.ofMinutes(5)));
        assertEquals(Optional.of(Rejection.NOT_YET_VALID), verifier.check("Bearer " + future));
        Instant old = clock.instant().minus(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), verifier.check("Bearer " + token(CLUSTER, REGION, ACCESS_KEY, SECRET_KEY, old)));
    }
}
