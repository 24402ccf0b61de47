package io.efsdr.eks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class EksTokenProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:12Z");
    private static final String REGION = "us-west-2";
    private static final String CLUSTER = "shop-dr";

    private final MutableClock clock = new MutableClock(NOW);
    private final CountingCredentials credentials = new CountingCredentials();
    private final EksTokenProvider provider = new EksTokenProvider(credentials, clock);

    @Test
    void token_whenMinted_expectPrefixAndUnpaddedBase64Url() {
        String token = provider.token(REGION, CLUSTER);

        String encoded = token.substring(EksTokenProvider.PREFIX.length());
        assertAll(
                () -> assertTrue(token.startsWith("k8s-aws-v1."), token),
                () -> assertFalse(encoded.contains("="), encoded),
                () -> assertFalse(encoded.contains("+"), encoded),
                () -> assertFalse(encoded.contains("/"), encoded),
                () -> assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded));
    }

    @Test
    void token_whenDecoded_expectPresignedGetCallerIdentityUrl() {
        URI url = decode(provider.token(REGION, CLUSTER));
        Map<String, String> query = query(url);

        assertAll(
                () -> assertEquals("https", url.getScheme()),
                () -> assertEquals("sts.us-west-2.amazonaws.com", url.getHost()),
                () -> assertEquals("/", url.getPath()),
                () -> assertEquals("GetCallerIdentity", query.get("Action")),
                () -> assertEquals("2011-06-15", query.get("Version")),
                () -> assertEquals("AWS4-HMAC-SHA256", query.get("X-Amz-Algorithm")),
                () -> assertEquals("60", query.get("X-Amz-Expires")),
                () -> assertEquals("host;x-k8s-aws-id", query.get("X-Amz-SignedHeaders")),
                () -> assertEquals("AKIDEXAMPLE/20261125/us-west-2/sts/aws4_request", query.get("X-Amz-Credential")),
                () -> assertEquals("20261125T030012Z", query.get("X-Amz-Date")),
                () -> assertTrue(query.get("X-Amz-Signature").matches("[0-9a-f]{64}"), query.get("X-Amz-Signature")));
    }

    @Test
    void token_whenDecoded_expectNoClusterNameOrSecretInTheUrl() {
        String decoded = decode(provider.token(REGION, CLUSTER)).toString();

        assertAll(
                () -> assertFalse(decoded.contains(CLUSTER), decoded),
                () -> assertFalse(decoded.contains(CountingCredentials.SECRET), decoded));
    }

    @Test
    void token_whenRegionDiffers_expectThatRegionsStsEndpointAndScope() {
        Map<String, String> query = query(decode(provider.token("eu-central-1", CLUSTER)));

        assertAll(
                () -> assertEquals(
                        "sts.eu-central-1.amazonaws.com",
                        decode(provider.token("eu-central-1", CLUSTER)).getHost()),
                () -> assertEquals(
                        "AKIDEXAMPLE/20261125/eu-central-1/sts/aws4_request", query.get("X-Amz-Credential")));
    }

    @Test
    void mint_whenClusterNameDiffers_expectDifferentSignature() {
        String first = query(decode(provider.mint(REGION, "shop-dr", NOW))).get("X-Amz-Signature");
        String second = query(decode(provider.mint(REGION, "shop-dr2", NOW))).get("X-Amz-Signature");

        assertNotEquals(first, second);
    }

    @Test
    void mint_whenEverythingIsTheSame_expectTheSameToken() {
        assertEquals(provider.mint(REGION, CLUSTER, NOW), provider.mint(REGION, CLUSTER, NOW));
    }

    @Test
    void token_whenAskedAgainWithinFourteenMinutes_expectTheCachedToken() {
        String first = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofMinutes(14).minusSeconds(1));

        String second = provider.token(REGION, CLUSTER);

        assertAll(() -> assertEquals(first, second), () -> assertEquals(1, credentials.calls.get()));
    }

    @Test
    void token_whenFourteenMinutesHavePassed_expectANewToken() {
        String first = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofMinutes(14));

        String second = provider.token(REGION, CLUSTER);

        assertAll(
                () -> assertNotEquals(first, second),
                () -> assertEquals("20261125T031412Z", query(decode(second)).get("X-Amz-Date")),
                () -> assertEquals(2, credentials.calls.get()));
    }

    @Test
    void token_whenLaterStillThanFourteenMinutes_expectANewTokenThenCachedAgain() {
        String first = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofMinutes(20));
        String second = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofMinutes(1));

        String third = provider.token(REGION, CLUSTER);

        assertAll(() -> assertNotEquals(first, second), () -> assertEquals(second, third));
    }

    @Test
    void token_whenClockGoesBackwards_expectANewToken() {
        String first = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofMinutes(-5));

        String second = provider.token(REGION, CLUSTER);

        assertNotEquals(first, second);
    }

    @Test
    void invalidate_whenTokenIsCached_expectANewTokenMinted() {
        String first = provider.token(REGION, CLUSTER);
        clock.advance(Duration.ofSeconds(1));

        provider.invalidate(REGION, CLUSTER);
        String second = provider.token(REGION, CLUSTER);

        assertAll(() -> assertNotEquals(first, second), () -> assertEquals(2, credentials.calls.get()));
    }

    @Test
    void invalidate_whenAnotherClusterIsCached_expectThatTokenKept() {
        String other = provider.token(REGION, "other");

        provider.invalidate(REGION, CLUSTER);

        assertAll(
                () -> assertEquals(other, provider.token(REGION, "other")),
                () -> assertEquals(1, credentials.calls.get()));
    }

    @Test
    void constructor_whenCalled_expectNoCredentialsResolvedAndNothingMinted() {
        CountingCredentials fresh = new CountingCredentials();
        MutableClock untouched = new MutableClock(NOW);

        new EksTokenProvider(fresh, untouched);

        assertAll(() -> assertEquals(0, fresh.calls.get()), () -> assertEquals(0, untouched.reads.get()));
    }

    @Test
    void token_whenTwoClustersAreAskedFor_expectOneTokenPerCluster() {
        String primary = provider.token("us-east-1", "shop-primary");
        String dr = provider.token(REGION, CLUSTER);
        String drSameNameOtherRegion = provider.token("us-east-1", CLUSTER);

        assertAll(
                () -> assertNotEquals(primary, dr),
                () -> assertNotEquals(dr, drSameNameOtherRegion),
                () -> assertEquals(primary, provider.token("us-east-1", "shop-primary")),
                () -> assertEquals(dr, provider.token(REGION, CLUSTER)),
                () -> assertEquals(3, credentials.calls.get()));
    }

    @Test
    void token_whenCredentialsCarryASessionToken_expectItInTheUrl() {
        EksTokenProvider withSession = new EksTokenProvider(
                StaticCredentialsProvider.create(
                        AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session-token")),
                clock);

        Map<String, String> query = query(decode(withSession.token(REGION, CLUSTER)));

        assertAll(
                () -> assertEquals("session-token", query.get("X-Amz-Security-Token")),
                () -> assertTrue(
                        query.get("X-Amz-Credential").startsWith("ASIAEXAMPLE/"), query.get("X-Amz-Credential")));
    }

    @Test
    void tokenRecord_whenPrinted_expectNoTokenValue() {
        EksTokenProvider.Token token = new EksTokenProvider.Token("k8s-aws-v1.secretvalue", NOW);

        assertFalse(token.toString().contains("secretvalue"), token.toString());
    }

    private static URI decode(String token) {
        assertTrue(token.startsWith(EksTokenProvider.PREFIX), token);
        byte[] bytes = Base64.getUrlDecoder().decode(token.substring(EksTokenProvider.PREFIX.length()));
        return URI.create(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    static final class MutableClock extends Clock {
        private Instant now;
        final AtomicInteger reads = new AtomicInteger();

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final class CountingCredentials implements AwsCredentialsProvider {
        static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        final AtomicInteger calls = new AtomicInteger();
        private final AwsCredentialsProvider delegate =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET));

        @Override
        public AwsCredentials resolveCredentials() {
            calls.incrementAndGet();
            return delegate.resolveCredentials();
        }
    }
}
