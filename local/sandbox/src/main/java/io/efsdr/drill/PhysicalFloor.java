package io.efsdr.drill;

import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.Scenario.WorkloadSpec;
import io.efsdr.sandbox.aws.SyncSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fastest a failover of a world can be, from the sandbox's own physics and never from what the
 * workflow did: no orchestration, however quick, gets the workloads ready sooner.
 *
 * <p>Graceful: the primary's writers must be gone (the slowest workload's stop: its pods'
 * termination grace, once per pod for a StatefulSet, which stops one ordinal at a time), then
 * replication must carry their last writes: the first sync that starts after the stop must complete
 * (continuous model: {@code LastReplicatedTimestamp} trails now by the replication lag, so that is
 * one lag after the stop; on a sync cadence, the wait for the next sync's start plus the lag, see
 * {@link SyncSchedule}); the write fence put on at the stop must have propagated first
 * ({@code policyPropagationSeconds}), since until then a mount outside the plan may still write and
 * only a sync that starts after both carries everything, then the
 * promotion (the replication stays {@code DELETING} for the promotion delay), then each wave in turn until its
 * slowest workload is ready (a Deployment's pods start together, a StatefulSet's one ordinal at a
 * time: {@code podManagementPolicy: OrderedReady}). Ungraceful: the promotion and the waves.
 */
final class PhysicalFloor {
    private PhysicalFloor() {}

    /**
     * The floor of a failover in seconds of sandbox time; null for other workflows (a failback's
     * critical path runs through the reverse replication's initial sync, which EFS sizes by the data,
     * not a delay the sandbox can state) and for a dry run or a promotion that did not run.
     *
     * @param mode {@code graceful} or {@code ungraceful}, as the promotion ran
     * @param worldStart when the world was seeded: a seeded replication's sync cadence starts there
     * @param runStart when the run started: the writers can be gone no sooner than their stop after it
     */
    static Double failoverSeconds(
            Scenario scenario, String workflow, String mode, Instant worldStart, Instant runStart) {
        if (!"failover".equals(workflow) || mode == null || scenario.dryRun()) {
            return null;
        }
        long seconds = scenario.promotionDelaySeconds() + readinessSeconds(scenario.workloads(), scenario);
        if (mode.equals("graceful")) {
            long stop = stopSeconds(scenario.workloads(), scenario);
            seconds += stop;
            // Once the writers are gone, the write fence must propagate (EFS user guide, "Creating
            // file system policies": a policy change "can take several minutes to take effect"; until
            // then a new mount outside the plan may still write), and then a sync that started after
            // that must complete: only it carries every write (the final-sync proof, docs/safety.md).
            long propagation = scenario.policyPropagationSeconds();
            long sync = scenario.replicationStatus() == null
                    ? syncWaitSeconds(scenario, worldStart, runStart.plusSeconds(stop + propagation))
                    : 0;
            seconds += propagation + sync;
        }
        return (double) seconds;
    }

    /**
     * From the moment the writers are gone until a sync that started after it has completed, by the
     * seeded replication's schedule (rounded up to whole seconds).
     */
    static long syncWaitSeconds(Scenario scenario, Instant worldStart, Instant writersGone) {
        SyncSchedule schedule = new SyncSchedule(
                Duration.ofSeconds(scenario.syncIntervalSeconds()),
                Duration.ofSeconds(scenario.syncJitterSeconds()),
                scenario.syncJitterSeed(),
                worldStart,
                Long.MIN_VALUE,
                Duration.ofSeconds(scenario.replicationLagSeconds()));
        long millis = Duration.between(writersGone, schedule.firstCompletionAfter(writersGone))
                .toMillis();
        return (millis + 999) / 1000;
    }

    /** Each wave after the one before: the sum over waves of the slowest workload's start. */
    static long readinessSeconds(List<WorkloadSpec> workloads, Scenario scenario) {
        Map<Integer, Long> slowestByWave = new TreeMap<>();
        for (WorkloadSpec w : workloads) {
            long pods = podsOneAtATime(w) ? w.activeReplicas() : 1;
            long start = pods * scenario.readinessDelaySeconds();
            slowestByWave.merge(w.wave() == null ? 1 : w.wave(), start, Math::max);
        }
        return slowestByWave.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The slowest primary workload's stop, all stopped at once by the fence. */
    static long stopSeconds(List<WorkloadSpec> workloads, Scenario scenario) {
        long slowest = 0;
        for (WorkloadSpec w : workloads) {
            long pods = podsOneAtATime(w) ? w.activeReplicas() : 1;
            slowest = Math.max(slowest, pods * scenario.terminationGraceSeconds());
        }
        return slowest;
    }

    private static boolean podsOneAtATime(WorkloadSpec w) {
        return w.kind().equals("StatefulSet");
    }
}
