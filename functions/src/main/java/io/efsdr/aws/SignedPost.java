package io.efsdr.aws;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A SigV4-signed POST for the JDK's HTTP client, for the few AWS calls made without an SDK client
 * (ARC's cluster data plane, CloudWatch GetMetricData): the SDK signer signs, the JDK sends. The
 * headers the JDK sets itself ({@code host}, {@code content-length}, {@code connection}) are not
 * copied: it refuses them, and it sends the same values.
 */
public final class SignedPost {
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection");

    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final String signingName;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SignedPost(AwsCredentialsProvider credentials, Clock clock, String signingName) {
        this.credentials = credentials;
        this.clock = clock;
        this.signingName = signingName;
    }

    /** The request, signed now for {@code region}, bounded by {@code timeout}. */
    public HttpRequest request(URI uri, String region, Map<String, String> headers, byte[] payload, Duration timeout) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(unsigned::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(clock.instant(), ZoneOffset.UTC)));
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
