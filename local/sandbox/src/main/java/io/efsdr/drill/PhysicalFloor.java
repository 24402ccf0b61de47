package io.efsdr.drill;

import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.Scenario.WorkloadSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fastest a failover of a world can be, from the sandbox's own physics and never from what the
 * workflow did: no orchestration, however quick, gets the workloads ready sooner.
 *
 * <p>Graceful: the primary's writers must be gone (the slowest workload's stop: its pods'
 * termination grace, once per pod for a StatefulSet, which stops one ordinal at a time), then
 * replication must carry their last writes ({@code LastReplicatedTimestamp} trails now by the
 * replication lag, so a sync later than the stop comes one lag after it) and the write fence put on
 * at the stop must have propagated ({@code policyPropagationSeconds}; the two overlap), then the
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
     */
    static Double failoverSeconds(Scenario scenario, String workflow, String mode) {
        if (!"failover".equals(workflow) || mode == null || scenario.dryRun()) {
            return null;
        }
        long seconds = scenario.promotionDelaySeconds() + readinessSeconds(scenario.workloads(), scenario);
        if (mode.equals("graceful")) {
            seconds += stopSeconds(scenario.workloads(), scenario);
            // Once the writers are gone, the last sync and the write fence's propagation run side by
            // side; the promotion waits for both (EFS user guide, "Creating file system policies": a
            // policy change "can take several minutes to take effect").
            long sync = scenario.replicationStatus() == null ? scenario.replicationLagSeconds() : 0;
            seconds += Math.max(sync, scenario.policyPropagationSeconds());
        }
        return (double) seconds;
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
