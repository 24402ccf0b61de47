package io.efsdr.handler;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.config.SsmParameters;
import io.efsdr.efs.CloudWatchWriteMetrics;
import io.efsdr.efs.Failback;
import io.efsdr.efs.FileSystems;
import io.efsdr.efs.PrimaryWriteFence;
import io.efsdr.efs.Promotion;
import io.efsdr.efs.WriteFence;
import io.efsdr.eks.ClusterDirectory;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.gitops.GiveBack;
import io.efsdr.gitops.HandOver;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.guard.Approvals;
import io.efsdr.guard.DeferredFencing;
import io.efsdr.guard.DrExecutions;
import io.efsdr.guard.EventBridgeGuardSchedule;
import io.efsdr.guard.FenceRecord;
import io.efsdr.guard.GuardSchedule;
import io.efsdr.guard.PrimaryGuard;
import io.efsdr.guard.TriggerMemory;
import io.efsdr.hooks.HookRunner;
import io.efsdr.hooks.LambdaHookInvoker;
import io.efsdr.kubernetes.AccessReview;
import io.efsdr.kubernetes.ClusterConnections;
import io.efsdr.kubernetes.Fencing;
import io.efsdr.kubernetes.KubernetesWorkloadCensus;
import io.efsdr.kubernetes.KubernetesWorkloadLister;
import io.efsdr.kubernetes.PrimaryRecheck;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.RetryPolicy;
import io.efsdr.kubernetes.ScalingControllers;
import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.notify.AuditArchive;
import io.efsdr.notify.ExecutionEndReporter;
import io.efsdr.notify.NotificationComposer;
import io.efsdr.notify.PowertoolsRunMetrics;
import io.efsdr.notify.RunMetrics;
import io.efsdr.notify.S3AuditStore;
import io.efsdr.notify.SfnExecutionHistory;
import io.efsdr.notify.sns.Notifier;
import io.efsdr.plan.PlanSource;
import io.efsdr.plan.RunPreparation;
import io.efsdr.plan.SsmPlanSource;
import io.efsdr.plan.WorkloadResolution;
import io.efsdr.readiness.ReadinessChecks;
import io.efsdr.readiness.ReadinessState;
import io.efsdr.traffic.RecordSetOwnership;
import io.efsdr.traffic.Route53RecordSets;
import io.efsdr.traffic.RoutingControlCluster;
import io.efsdr.traffic.SignedClusterTransport;
import io.efsdr.traffic.TrafficSwitch;
import io.efsdr.trigger.FailoverTrigger;
import java.time.Clock;

/**
 * The composition root: builds each domain service once from the settings, the SDK clients and a
 * clock. In AWS one instance serves the function's whole life ({@link #fromEnvironment()}); the
 * local drill builds its own with sandbox endpoints and its virtual clock. Building it calls
 * nothing remote and mints nothing; the notifier is made on use because only the functions that
 * notify have a topic.
 */
public final class Dependencies {
    private final Settings settings;
    private final AwsClients aws;
    private final Clock clock;
    private final RunMetrics metrics;
    private final RunPreparation runPreparation;
    private final DrExecutions executions;
    private final ActiveRegion activeRegion;
    private final SsmParameters parameters;
    private final Promotion promotion;
    private final Failback failback;
    private final WorkloadScaler scaler;
    private final Fencing fencing;
    private final ReadinessChecker readiness;
    private final StorageClassEnsurer storageClasses;
    private final VolumePreflight preflight;
    private final NotificationComposer composer;
    private final ReadinessChecks readinessChecks;
    private final ReadinessState readinessState;
    private final FenceRecord fenceRecord;
    private final GuardSchedule guardSchedule;
    private final WriteFence writeFence;
    private final DeferredFencing deferredFencing;
    private final PrimaryWriteFence primaryWriteFence;
    private final HookRunner hooks;
    private final TrafficSwitch trafficSwitch;
    private final HandOver handOver;
    private final GiveBack giveBack;

    public Dependencies(Settings settings, AwsClients aws, Clock clock, RunMetrics metrics, PlanSource planSource) {
        this.settings = settings;
        this.aws = aws;
        this.clock = clock;
        this.metrics = metrics;
        ClusterConnections connections = new ClusterConnections(
                new ClusterDirectory(aws),
                new EksTokenProvider(aws.credentials(), clock),
                RetryPolicy.of(settings.kubernetesMaxAttempts(), settings.kubernetesRequestTimeout()));
        this.executions = new DrExecutions(() -> aws.sfn(settings.region()), settings.drStateMachineArns());
        this.parameters = new SsmParameters(() -> aws.ssm(settings.region()), settings.region());
        this.activeRegion = new ActiveRegion(parameters, settings.activeRegionParameterName(), clock);
        Route53RecordSets recordSets = new Route53RecordSets(aws::route53);
        this.runPreparation = new RunPreparation(
                planSource,
                new KubernetesWorkloadLister(connections),
                executions,
                settings.approvalTimeout(),
                clock,
                new RecordSetOwnership(recordSets));
        FileSystems fileSystems = new FileSystems(aws);
        this.promotion = new Promotion(
                fileSystems,
                clock,
                new PrimaryRecheck(connections),
                new CloudWatchWriteMetrics(
                        aws.credentials(), region -> aws.endpoint("CLOUDWATCH", "monitoring", region), clock));
        this.failback = new Failback(fileSystems, new KubernetesWorkloadCensus(connections), clock);
        this.scaler = new WorkloadScaler(connections, clock);
        this.fencing = new Fencing(scaler, promotion::reachable, clock);
        this.readiness = new ReadinessChecker(connections, clock);
        this.storageClasses = new StorageClassEnsurer(connections, clock);
        this.preflight = new VolumePreflight(connections, clock);
        this.composer = new NotificationComposer(clock, StepCatalogue.NAMES);
        this.readinessChecks = new ReadinessChecks(
                runPreparation,
                fileSystems,
                new AccessReview(connections),
                storageClasses,
                preflight,
                new ScalingControllers(connections),
                activeRegion,
                clock,
                new RecordSetOwnership(recordSets),
                new FenceRecord(parameters, settings.fenceStateParameterName()));
        this.readinessState = new ReadinessState(parameters, settings.readinessStateParameterName());
        this.fenceRecord = new FenceRecord(parameters, settings.fenceStateParameterName());
        this.guardSchedule =
                new EventBridgeGuardSchedule(() -> aws.events(settings.region()), settings.guardRuleName());
        this.writeFence = new WriteFence(fileSystems);
        this.deferredFencing = new DeferredFencing(fenceRecord, guardSchedule, failback, clock);
        this.primaryWriteFence = new PrimaryWriteFence(writeFence, clock);
        this.hooks = new HookRunner(new LambdaHookInvoker(aws::lambda, clock), clock);
        this.handOver = new HandOver(connections, fenceRecord, clock);
        this.giveBack = new GiveBack(connections, fenceRecord, clock);
        this.trafficSwitch = new TrafficSwitch(
                new RoutingControlCluster(new SignedClusterTransport(aws.credentials(), clock)), recordSets, clock);
    }

    private static final class Holder {
        static final Dependencies INSTANCE = create();

        private static Dependencies create() {
            Settings settings = Settings.fromEnvironment();
            AwsClients aws = AwsClients.standard(settings.awsCallTimeout(), settings.awsMaxAttempts());
            return new Dependencies(
                    settings,
                    aws,
                    Clock.systemUTC(),
                    new PowertoolsRunMetrics(),
                    new SsmPlanSource(
                            () -> aws.ssm(settings.region()), settings.planParameterName(), settings.region()));
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
        return runPreparation;
    }

    WorkloadResolution workloads() {
        return runPreparation.workloads();
    }

    Promotion promotion() {
        return promotion;
    }

    Failback failback() {
        return failback;
    }

    WorkloadScaler scaler() {
        return scaler;
    }

    Fencing fencing() {
        return fencing;
    }

    ReadinessChecker readiness() {
        return readiness;
    }

    StorageClassEnsurer storageClasses() {
        return storageClasses;
    }

    VolumePreflight preflight() {
        return preflight;
    }

    ActiveRegion activeRegion() {
        return activeRegion;
    }

    FailoverTrigger trigger() {
        TriggerMemory memory = new TriggerMemory(parameters, settings.triggerStateParameterName());
        return new FailoverTrigger(
                aws.sfn(settings.region()),
                settings,
                new FailoverTrigger.Guards(activeRegion, executions, memory, notifier(), clock, audit()));
    }

    Approvals approvals() {
        return new Approvals(aws.sfn(settings.region()), notifier(), settings.decideApprovalFunction(), clock);
    }

    Notifier notifier() {
        return new Notifier(aws, settings.region(), settings.requireTopicArn());
    }

    HookRunner hooks() {
        return hooks;
    }

    NotificationComposer composer() {
        return composer;
    }

    ExecutionEndReporter executionEndReporter() {
        return new ExecutionEndReporter(
                new SfnExecutionHistory(() -> aws.sfn(settings.region())), composer, notifier(), audit());
    }

    /** Where runs leave their audit records: the stack's bucket, or nowhere when none is configured. */
    AuditArchive audit() {
        String bucket = settings.auditBucket();
        return bucket == null
                ? AuditArchive.disabled()
                : new AuditArchive(new S3AuditStore(aws, settings.region(), bucket), "s3://" + bucket);
    }

    ReadinessChecks readinessChecks() {
        return readinessChecks;
    }

    DeferredFencing deferredFencing() {
        return deferredFencing;
    }

    PrimaryWriteFence primaryWriteFence() {
        return primaryWriteFence;
    }

    /** The split-brain guard; made on use because it notifies. */
    PrimaryGuard primaryGuard() {
        Notifier notifier = notifier();
        return new PrimaryGuard(
                fenceRecord,
                activeRegion::read,
                runPreparation::readPlan,
                runPreparation::resolveWorkloads,
                scaler,
                readiness,
                writeFence,
                guardSchedule,
                notifier::publish,
                clock,
                handOver);
    }

    HandOver handOver() {
        return handOver;
    }

    GiveBack giveBack() {
        return giveBack;
    }

    TrafficSwitch trafficSwitch() {
        return trafficSwitch;
    }

    ReadinessState readinessState() {
        return readinessState;
    }
}
