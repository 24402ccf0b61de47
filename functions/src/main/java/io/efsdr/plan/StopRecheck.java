package io.efsdr.plan;

import java.time.Instant;
import java.util.List;

/**
 * Re-reads workloads that were seen stopped, just before a step that relies on that stop (the
 * failover's replication delete): whether anything changed since, and whether a pod that can write
 * exists.
 */
public interface StopRecheck {
    /**
     * @param stopFingerprint the generations' fingerprint when the stop was first seen
     * @param since when the writers were seen stopped (independent evidence is looked for after it)
     * @param fencePropagatedAt when the write fence on the site's file system had propagated, or null:
     *     pods created after it cannot write (EFS evaluates the policy when a client connects)
     */
    Evidence recheck(
            Site site,
            List<Workload> workloads,
            int concurrency,
            String stopFingerprint,
            Instant since,
            Instant fencePropagatedAt);

    /**
     * @param changed any generation moved since the stop, a replica is wanted, or a pod exists
     * @param writers pods that can write: every pod of the workloads but those created after the fence
     *     propagated (a pod in phase Unknown or on a NotReady node included); a wanted replica counts
     *     as one while no fence has propagated
     * @param found what was seen, for the operator (workloads and their controllers named)
     */
    record Evidence(boolean changed, int writers, String found) {}
}
