package io.efsdr.handler;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.eks.ClusterDirectory;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.kubernetes.ClusterConnections;
import io.efsdr.kubernetes.RetryPolicy;
import io.efsdr.notify.PowertoolsRunMetrics;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.PlanSource;
import io.efsdr.plan.SsmPlanSource;
import java.time.Clock;

/**
 * What every handler is built over: the settings, the SDK clients, the clock, where figures go, where
 * the plan is read, and the Kubernetes connections (shared, so EKS tokens are cached once per
 * function). It hands out no domain service: each handler builds the few it uses from this (its
 * {@code (Wiring)} constructor, with the recipes of {@link Assembly}), and takes them ready-made in
 * its other constructor, so a test can give it a fake. In AWS one instance serves the function's
 * whole life ({@link #fromEnvironment()}); the local drill builds its own with sandbox endpoints and
 * its virtual clock. Building it calls nothing remote and mints nothing.
 */
public final class Wiring {
    private final Settings settings;
    private final AwsClients aws;
    private final Clock clock;
    private final RunMetrics metrics;
    private final PlanSource planSource;
    private final ClusterConnections connections;

    public Wiring(Settings settings, AwsClients aws, Clock clock, RunMetrics metrics, PlanSource planSource) {
        this.settings = settings;
        this.aws = aws;
        this.clock = clock;
        this.metrics = metrics;
        this.planSource = planSource;
        this.connections = new ClusterConnections(
                new ClusterDirectory(aws),
                new EksTokenProvider(aws.credentials(), clock),
                RetryPolicy.of(settings.kubernetesMaxAttempts(), settings.kubernetesRequestTimeout()));
    }

    private static final class Holder {
        static final Wiring INSTANCE = create();

        private static Wiring create() {
            Settings settings = Settings.fromEnvironment();
            AwsClients aws = AwsClients.standard(settings.awsCallTimeout(), settings.awsMaxAttempts());
            return new Wiring(
                    settings,
                    aws,
                    Clock.systemUTC(),
                    new PowertoolsRunMetrics(),
                    new SsmPlanSource(
                            () -> aws.ssm(settings.region()), settings.planParameterName(), settings.region()));
        }
    }

    /** The instance for the Lambda environment, built on first use. */
    public static Wiring fromEnvironment() {
        return Holder.INSTANCE;
    }

    public Settings settings() {
        return settings;
    }

    public AwsClients aws() {
        return aws;
    }

    public Clock clock() {
        return clock;
    }

    public RunMetrics metrics() {
        return metrics;
    }

    PlanSource planSource() {
        return planSource;
    }

    ClusterConnections connections() {
        return connections;
    }
}
