package io.efsdr.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The one place SDK clients are built: explicit region, the URL-connection HTTP client, bounded
 * call and attempt timeouts, the SDK's standard retries (throttling and 5xx with backoff; none for the
 * hooks' Lambda client, see {@link #lambda}). Clients
 * are built lazily on first use per region and reused across warm invocations.
 *
 * <p>Endpoints follow the SDK's standard resolution, so {@code AWS_ENDPOINT_URL} and its
 * per-service variants point the unchanged functions at a local stand-in; an explicit override can
 * be given for the same purpose in-process.
 */
public final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LAMBDA_SOCKET_TIMEOUT = Duration.ofSeconds(110);

    private static final int DEFAULT_MAX_ATTEMPTS = 3;
    private final Duration callTimeout;
    private final Duration attemptTimeout;
    private final int maxAttempts;
    private final Optional<URI> endpointOverride;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    /** {@code AWS_ENDPOINT_URL} and its per-service variants, for the calls signed by hand. */
    private final Map<String, String> endpointVariables;

    public AwsClients(Duration callTimeout, Optional<URI> endpointOverride, AwsCredentialsProvider credentials) {
        this(callTimeout, DEFAULT_MAX_ATTEMPTS, endpointOverride, credentials);
    }

    /**
     * @param maxAttempts attempts per call under the SDK's standard retry strategy (throttling, 5xx,
     *     I/O errors), the first included
     */
    public AwsClients(
            Duration callTimeout, int maxAttempts, Optional<URI> endpointOverride, AwsCredentialsProvider credentials) {
        this(callTimeout, maxAttempts, endpointOverride, credentials, Map.of());
    }

    private AwsClients(
            Duration callTimeout,
            int maxAttempts,
            Optional<URI> endpointOverride,
            AwsCredentialsProvider credentials,
            Map<String, String> endpointVariables) {
        this.endpointVariables = Map.copyOf(endpointVariables);
        this.callTimeout = callTimeout;
        this.maxAttempts = maxAttempts;
        this.endpointOverride = endpointOverride;
        this.credentials = credentials;
        // A blocking read is not interrupted by the SDK's call timeout, so the socket timeout must not
        // exceed it either, or a silent endpoint holds the call past its bound.
        Duration socketTimeout = callTimeout.compareTo(SOCKET_TIMEOUT) < 0 ? callTimeout : SOCKET_TIMEOUT;
        this.attemptTimeout = socketTimeout;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT.compareTo(socketTimeout) < 0 ? CONNECT_TIMEOUT : socketTimeout)
                .socketTimeout(socketTimeout)
                .build();
    }

    /** Clients for the Lambda environment: default credentials chain, standard endpoints. */
    public static AwsClients standard(Duration callTimeout, int maxAttempts) {
        Map<String, String> variables = new java.util.HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("AWS_ENDPOINT_URL") && !value.isBlank()) {
                variables.put(name, value);
            }
        });
        return new AwsClients(
                callTimeout,
                maxAttempts,
                Optional.empty(),
                DefaultCredentialsProvider.builder().build(),
                variables);
    }

    /**
     * The endpoint of a service called without an SDK client, resolved as the SDK resolves its
     * clients' (AWS SDKs and Tools reference guide, "Service-specific endpoints"): the in-process
     * override, else {@code AWS_ENDPOINT_URL_<SERVICE_ID>}, else {@code AWS_ENDPOINT_URL}, else the
     * regional endpoint {@code https://<prefix>.<region>.amazonaws.com} ({@code .com.cn} in China).
     *
     * @param serviceId the service id as the variable names it ({@code CLOUDWATCH})
     * @param endpointPrefix the host's first label ({@code monitoring})
     */
    public URI endpoint(String serviceId, String endpointPrefix, String region) {
        if (endpointOverride.isPresent()) {
            return endpointOverride.get();
        }
        String specific = endpointVariables.get("AWS_ENDPOINT_URL_" + serviceId);
        if (specific != null) {
            return URI.create(specific);
        }
        String global = endpointVariables.get("AWS_ENDPOINT_URL");
        if (global != null) {
            return URI.create(global);
        }
        return URI.create("https://" + endpointPrefix + "." + region + ".amazonaws.com"
                + (region.startsWith("cn-") ? ".cn" : ""));
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public EfsClient efs(String region) {
        return client(
                "efs/" + region, () -> configure(EfsClient.builder(), region).build());
    }

    public EksClient eks(String region) {
        return client(
                "eks/" + region, () -> configure(EksClient.builder(), region).build());
    }

    public SnsClient sns(String region) {
        return client(
                "sns/" + region, () -> configure(SnsClient.builder(), region).build());
    }

    public SsmClient ssm(String region) {
        return client(
                "ssm/" + region, () -> configure(SsmClient.builder(), region).build());
    }

    public EventBridgeClient events(String region) {
        return client(
                "events/" + region,
                () -> configure(EventBridgeClient.builder(), region).build());
    }

    public SfnClient sfn(String region) {
        return client(
                "sfn/" + region, () -> configure(SfnClient.builder(), region).build());
    }

    /**
     * S3 for the audit records. With an endpoint override (a local stand-in on a loopback address)
     * buckets are addressed path-style, {@code http://host:port/bucket/key}, as no bucket host name
     * resolves there; in AWS the SDK's virtual-hosted default applies.
     */
    public S3Client s3(String region) {
        return client(
                "s3/" + region,
                () -> configure(S3Client.builder(), region)
                        .forcePathStyle(endpointOverride.isPresent())
                        .build());
    }

    /**
     * Lambda, for the plan's hooks: a synchronous invocation may run as long as the hook's timeout
     * (at most 100 s), longer than the other clients' socket timeout, so it has an HTTP client of its
     * own; each call sets its own bound ({@code apiCallTimeout}) from the hook. It never retries: a 5xx,
     * a dropped connection or a timed-out attempt may come after the function ran, and a second
     * request would run the hook again; {@code LambdaHookInvoker} sends a throttled request again
     * itself (a 429 comes before the function runs).
     */
    public LambdaClient lambda(String region) {
        return client("lambda/" + region, () -> {
            LambdaClientBuilder builder = configure(LambdaClient.builder(), region);
            return builder.httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(LAMBDA_SOCKET_TIMEOUT)
                            .build())
                    .overrideConfiguration(builder.overrideConfiguration().toBuilder()
                            .apiCallTimeout(LAMBDA_SOCKET_TIMEOUT)
                            .apiCallAttemptTimeout(LAMBDA_SOCKET_TIMEOUT)
                            .retryStrategy(AwsRetryStrategy.doNotRetry())
                            .build())
                    .build();
        });
    }

    /**
     * Route 53, a global service: its API (the control plane) is served from us-east-1, which the
     * SDK resolves for {@code aws-global}.
     */
    public Route53Client route53() {
        return client(
                "route53/global",
                () -> configure(Route53Client.builder(), Region.AWS_GLOBAL.id()).build());
    }

    /**
     * The clients built so far, as "service/region" (a client costs start-up time, so a function
     * should build only those it calls).
     */
    public Set<String> built() {
        return Set.copyOf(clients.keySet());
    }

    @SuppressWarnings("unchecked")
    private <T> T client(String key, Supplier<T> factory) {
        return (T) clients.computeIfAbsent(key, k -> factory.get());
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .build())
                        .build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }
}
