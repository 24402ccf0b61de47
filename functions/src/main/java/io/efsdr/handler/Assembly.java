package io.efsdr.handler;

import io.efsdr.config.SsmParameters;
import io.efsdr.efs.CloudWatchWriteMetrics;
import io.efsdr.efs.Failback;
import io.efsdr.efs.FileSystems;
import io.efsdr.efs.Promotion;
import io.efsdr.efs.WriteFence;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.guard.DeferredFencing;
import io.efsdr.guard.DrExecutions;
import io.efsdr.guard.EventBridgeGuardSchedule;
import io.efsdr.guard.FenceRecord;
import io.efsdr.guard.GuardSchedule;
import io.efsdr.kubernetes.KubernetesWorkloadCensus;
import io.efsdr.kubernetes.KubernetesWorkloadLister;
import io.efsdr.kubernetes.PrimaryRecheck;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.notify.AuditArchive;
import io.efsdr.notify.NotificationComposer;
import io.efsdr.notify.S3AuditStore;
import io.efsdr.notify.sns.Notifier;
import io.efsdr.plan.RunPreparation;
import io.efsdr.traffic.RecordSetOwnership;
import io.efsdr.traffic.Route53RecordSets;

/**
 * The recipes the handlers' {@code (Wiring)} constructors share: how one domain service is built
 * from the {@link Wiring}. Each call builds a new instance (nothing here is a locator: a handler
 * keeps what it built); none calls anything remote or mints anything. A service only one handler
 * uses is built in that handler.
 */
final class Assembly {
    private Assembly() {}

    static SsmParameters parameters(Wiring w) {
        return new SsmParameters(
                () -> w.aws().ssm(w.settings().region()), w.settings().region());
    }

    static ActiveRegion activeRegion(Wiring w) {
        return new ActiveRegion(parameters(w), w.settings().activeRegionParameterName(), w.clock());
    }

    static FenceRecord fenceRecord(Wiring w) {
        return new FenceRecord(parameters(w), w.settings().fenceStateParameterName());
    }

    static DrExecutions executions(Wiring w) {
        return new DrExecutions(
                () -> w.aws().sfn(w.settings().region()), w.settings().drStateMachineArns());
    }

    static RecordSetOwnership recordSetOwnership(Wiring w) {
        return new RecordSetOwnership(new Route53RecordSets(w.aws()::route53));
    }

    static RunPreparation runPreparation(Wiring w) {
        return new RunPreparation(
                w.planSource(),
                new KubernetesWorkloadLister(w.connections()),
                executions(w),
                w.settings().approvalTimeout(),
                w.clock(),
                recordSetOwnership(w));
    }

    static FileSystems fileSystems(Wiring w) {
        return new FileSystems(w.aws());
    }

    static Promotion promotion(Wiring w) {
        return new Promotion(
                fileSystems(w),
                w.clock(),
                new PrimaryRecheck(w.connections()),
                new CloudWatchWriteMetrics(
                        w.aws().credentials(),
                        region -> w.aws().endpoint("CLOUDWATCH", "monitoring", region),
                        w.clock()));
    }

    static Failback failback(Wiring w) {
        return new Failback(fileSystems(w), new KubernetesWorkloadCensus(w.connections()), w.clock());
    }

    static WorkloadScaler scaler(Wiring w) {
        return new WorkloadScaler(w.connections(), w.clock());
    }

    static ReadinessChecker readiness(Wiring w) {
        return new ReadinessChecker(w.connections(), w.clock());
    }

    static GuardSchedule guardSchedule(Wiring w) {
        return new EventBridgeGuardSchedule(
                () -> w.aws().events(w.settings().region()), w.settings().guardRuleName());
    }

    static WriteFence writeFence(Wiring w) {
        return new WriteFence(fileSystems(w));
    }

    static DeferredFencing deferredFencing(Wiring w) {
        return new DeferredFencing(fenceRecord(w), guardSchedule(w), failback(w), w.clock());
    }

    static NotificationComposer composer(Wiring w) {
        return new NotificationComposer(w.clock(), StepCatalogue.NAMES);
    }

    /** Made on use: only the functions that notify have a topic. */
    static Notifier notifier(Wiring w) {
        return new Notifier(w.aws(), w.settings().region(), w.settings().requireTopicArn());
    }

    /** Where runs leave their audit records: the stack's bucket, or nowhere when none is configured. */
    static AuditArchive audit(Wiring w) {
        String bucket = w.settings().auditBucket();
        return bucket == null
                ? AuditArchive.disabled()
                : new AuditArchive(new S3AuditStore(w.aws(), w.settings().region(), bucket), "s3://" + bucket);
    }
}
