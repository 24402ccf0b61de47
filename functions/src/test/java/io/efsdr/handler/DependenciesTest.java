package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.SsmPlanSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class DependenciesTest {
    private static final RunMetrics NO_METRICS = new RunMetrics() {
        @Override
        public void record(String workflow, String outcome, Map<String, Double> figures) {}

        @Override
        public void gauges(String workflow, Map<String, Double> values) {}
    };

    /** Every function builds the composition root at start; SDK clients must wait for their first call. */
    @Test
    void constructor_whenBuilt_buildsNoSdkClient() {
        Settings settings = Settings.fromMap(Map.of(
                "AWS_REGION",
                "us-west-2",
                "PLAN_PARAMETER_NAME",
                "/efs-dr/plan",
                "FAILOVER_STATE_MACHINE_ARN",
                "arn:aws:states:us-west-2:000000000000:stateMachine:failover"));
        AwsClients aws = new AwsClients(
                Duration.ofSeconds(1),
                Optional.of(URI.create("http://127.0.0.1:9")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));

        Dependencies dependencies = new Dependencies(
                settings,
                aws,
                Clock.systemUTC(),
                NO_METRICS,
                new SsmPlanSource(() -> aws.ssm("us-west-2"), "/efs-dr/plan", "us-west-2"));

        assertEquals(Set.of(), aws.built(), "clients built before any call");
        dependencies.promotion();
        assertEquals(Set.of(), aws.built(), "clients built by handing out a service");
        aws.efs("us-west-2");
        assertEquals(Set.of("efs/us-west-2"), aws.built());
    }
}
