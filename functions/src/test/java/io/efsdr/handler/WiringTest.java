package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.SsmPlanSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class WiringTest {
    private static final RunMetrics NO_METRICS = new RunMetrics() {
        @Override
        public void record(String workflow, String outcome, Map<String, Double> figures) {}

        @Override
        public void gauges(String workflow, Map<String, Double> values) {}
    };

    /** Settings without a topic: a handler that notifies must still build (its notifier is made on use). */
    private static final Settings SETTINGS = Settings.fromMap(Map.of(
            "AWS_REGION",
            "us-west-2",
            "PLAN_PARAMETER_NAME",
            "/efs-dr/plan",
            "FAILOVER_STATE_MACHINE_ARN",
            "arn:aws:states:us-west-2:000000000000:stateMachine:failover"));

    private static AwsClients offlineClients() {
        return new AwsClients(
                Duration.ofSeconds(1),
                Optional.of(URI.create("http://127.0.0.1:9")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    private static Wiring wiring(AwsClients aws) {
        return new Wiring(
                SETTINGS,
                aws,
                Clock.systemUTC(),
                NO_METRICS,
                new SsmPlanSource(() -> aws.ssm("us-west-2"), "/efs-dr/plan", "us-west-2"));
    }

    /** Every function builds its handler at start; SDK clients must wait for their first call. */
    @Test
    void handlerConstructor_whenBuiltOverTheWiring_buildsNoSdkClient() throws Exception {
        AwsClients aws = offlineClients();
        Wiring wiring = wiring(aws);

        for (StepCatalogue.Function function : StepCatalogue.Function.values()) {
            function.handler().getConstructor(Wiring.class).newInstance(wiring);
            assertEquals(
                    Set.of(),
                    aws.built(),
                    "clients built by building " + function.handler().getSimpleName());
        }
        aws.efs("us-west-2");
        assertEquals(Set.of("efs/us-west-2"), aws.built());
    }

    /**
     * Each handler takes the collaborators it uses: none is handed a service locator. The wiring
     * itself hands out at most five services or clients (the settings and the clock are values).
     */
    @Test
    void wiring_exposesAtMostFiveServicesOrClients() {
        List<String> services = Arrays.stream(Wiring.class.getDeclaredMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 0)
                .map(Method::getReturnType)
                .filter(type -> type != Settings.class && type != Clock.class)
                .map(Class::getSimpleName)
                .toList();
        assertTrue(services.size() <= 5, "Wiring hands out " + services);
        for (StepCatalogue.Function function : StepCatalogue.Function.values()) {
            for (var constructor : function.handler().getConstructors()) {
                long wide = constructor.getParameterCount();
                assertTrue(wide <= 5, constructor + " takes " + wide + " collaborators");
            }
        }
    }
}
