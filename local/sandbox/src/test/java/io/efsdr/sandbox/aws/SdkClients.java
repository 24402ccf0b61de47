package io.efsdr.sandbox.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Real SDK v2 clients aimed at a stand-in, with fast retries (3 attempts, millisecond backoff). */
final class SdkClients {
    private SdkClients() {}

    static EfsClient efs(AwsStandIn standIn, String region) {
        return configure(EfsClient.builder(), standIn.endpoint(), region, 3).build();
    }

    static EfsClient efs(AwsStandIn standIn, String region, int maxAttempts) {
        return configure(EfsClient.builder(), standIn.endpoint(), region, maxAttempts)
                .build();
    }

    static EksClient eks(AwsStandIn standIn, String region) {
        return configure(EksClient.builder(), standIn.endpoint(), region, 3).build();
    }

    static SnsClient sns(AwsStandIn standIn, String region) {
        return configure(SnsClient.builder(), standIn.endpoint(), region, 3).build();
    }

    static SsmClient ssm(AwsStandIn standIn, String region) {
        return configure(SsmClient.builder(), standIn.endpoint(), region, 3).build();
    }

    static SfnClient sfn(AwsStandIn standIn, String region) {
        return configure(SfnClient.builder(), standIn.endpoint(), region, 3).build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, URI endpoint, String region, int maxAttempts) {
        BackoffStrategy fast = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(20));
        builder.region(Region.of(region))
                .endpointOverride(endpoint)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSANDBOX", "sandbox-secret")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(5))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .backoffStrategy(fast)
                                .throttlingBackoffStrategy(fast)
                                .build())
                        .build());
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder;
    }
}
