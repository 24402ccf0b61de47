package io.efsdr.handler;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.config.SsmPlanSource;
import io.efsdr.efs.FileSystems;
import io.efsdr.efs.Promotion;
import io.efsdr.eks.ClusterDirectory;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.kubernetes.ClusterConnections;
import io.efsdr.kubernetes.Fencing;
import io.efsdr.kubernetes.KubernetesWorkloadLister;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.RetryPolicy;
import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.notify.NotificationComposer;
import io.efsdr.notify.Notifier;
import io.efsdr.notify.PowertoolsRunMetrics;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.PlanSource;
import io.efsdr.plan.RunPreparation;
import java.time.Clock;

/**
 * The composition root: builds each domain service once from the settings, the SDK clients and a
 * clock. In AWS one instance serves the function's whole life ({@link #fromEnvironment()}); the
 * local drill builds its own with sandbox endpoints and its virtual clock. Building it calls
 * nothing remote and mints nothing.
 */
public final class Dependencies {
  private final Settings settings;
  private final AwsClients aws;
  private final Clock clock;
  private final RunMetrics metrics;
  private final PlanSource planSource;
  private final FileSystems fileSystems;
  private final ClusterConnections connections;

  public Dependencies(Settings settings, AwsClients aws, Clock clock, RunMetrics metrics, PlanSource planSource) {
    this.settings = settings;
    this.aws = aws;
    this.clock = clock;
    this.metrics = metrics;
    this.planSource = planSource;
    this.fileSystems = new FileSystems(aws);
    this.connections = new ClusterConnections(
        new ClusterDirectory(aws), new EksTokenProvider(aws.credentials(), clock), RetryPolicy.DEFAULT);
  }

  private static final class Holder {
    static final Dependencies INSTANCE = create();

    private static Dependencies create() {
      Settings settings = Settings.fromEnvironment();
      AwsClients aws = AwsClients.standard(settings.awsCallTimeout());
      return new Dependencies(settings, aws, Clock.systemUTC(), new PowertoolsRunMetrics(),
          new SsmPlanSource(aws.ssm(settings.region()), settings.planParameterName(), settings.region()));
    }
  }

  /** The instance for the Lambda environment, built on first use. */
  public static Dependencies fromEnvironment() {
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

  RunPreparation runPreparation() {
    return new RunPreparation(planSource, new KubernetesWorkloadLister(connections), clock);
  }

  Promotion promotion() {
    return new Promotion(aws, fileSystems, clock);
  }

  WorkloadScaler scaler() {
    return new WorkloadScaler(connections, clock);
  }

  Fencing fencing() {
    return new Fencing(scaler(), clock);
  }

  ReadinessChecker readiness() {
    return new ReadinessChecker(connections, clock);
  }

  StorageClassEnsurer storageClasses() {
    return new StorageClassEnsurer(connections, clock);
  }

  VolumePreflight preflight() {
    return new VolumePreflight(connections, clock);
  }

  Notifier notifier() {
    return new Notifier(aws, settings.region(), settings.requireTopicArn());
  }

  NotificationComposer composer() {
    return new NotificationComposer(clock);
  }
}
