package io.efsdr.plan;

/**
 * Bounds of the waiting steps, in seconds.
 *
 * @param promotionSeconds how long the DR file system may take to become writable (default 1800)
 * @param readinessSeconds how long workloads may take to become ready (default 600)
 * @param fencingSeconds how long fencing the old primary may take before it is skipped (default 30)
 * @param syncSeconds how long failback waits for a replication sync (default 21600)
 * @param finalSyncSeconds how long a graceful failover waits, once the primary's writers are gone,
 *     for a sync later than that moment before the plan's {@code onUnprovenSync} decides (default
 *     1200: above the 15-minute RPO EFS states for most file systems, "Amazon EFS replication" in
 *     the EFS user guide, so a healthy replication that syncs every few minutes is not given up on)
 * @param localDeletionSeconds how long a replication may stay DELETING while its source region does
 *     not answer before the DR side is deleted with LOCAL_CONFIGURATION_ONLY (default 300)
 * @param alarmFinalSyncSeconds the bound of the final-sync wait in a run an alarm started (default
 *     300): a degraded primary that still answers must not hold a real incident for the whole
 *     {@code finalSyncSeconds}; when both apply the smaller wins
 * @param fencePropagationSeconds how long a write fence (or its removal) on the primary file system
 *     is taken to need before EFS applies it to new mounts: a graceful failover promotes only that
 *     long after the fence went on, and a primary given back scales up only that long after it came
 *     off (default 180, the pessimistic reading of the EFS user guide's "can take several minutes to
 *     take effect", "Creating file system policies")
 */
public record Timeouts(
        long promotionSeconds,
        long readinessSeconds,
        long fencingSeconds,
        long syncSeconds,
        long finalSyncSeconds,
        long localDeletionSeconds,
        long alarmFinalSyncSeconds,
        long fencePropagationSeconds) {
    /** {@code alarmFinalSyncSeconds} when a plan does not give it. */
    public static final long DEFAULT_ALARM_FINAL_SYNC_SECONDS = 300;
    /** {@code fencePropagationSeconds} when a plan does not give it. */
    public static final long DEFAULT_FENCE_PROPAGATION_SECONDS = 180;

    public static final Timeouts DEFAULTS = new Timeouts(1800, 600, 30, 21600, 1200, 300, 300, 180);
    /** The smallest value the plan may give each bound. */
    public static final Timeouts MINIMA = new Timeouts(60, 30, 5, 60, 30, 30, 30, 30);
    /** The largest value the plan may give each bound. */
    public static final Timeouts MAXIMA =
            new Timeouts(6 * 3600, 6 * 3600, 90, 48 * 3600, 6 * 3600, 6 * 3600, 6 * 3600, 1800);

    /** Bounds with the default {@code alarmFinalSyncSeconds} and {@code fencePropagationSeconds}. */
    public Timeouts(
            long promotionSeconds,
            long readinessSeconds,
            long fencingSeconds,
            long syncSeconds,
            long finalSyncSeconds,
            long localDeletionSeconds) {
        this(
                promotionSeconds,
                readinessSeconds,
                fencingSeconds,
                syncSeconds,
                finalSyncSeconds,
                localDeletionSeconds,
                DEFAULT_ALARM_FINAL_SYNC_SECONDS,
                DEFAULT_FENCE_PROPAGATION_SECONDS);
    }

    /**
     * The bound of a graceful failover's final-sync wait: {@code finalSyncSeconds}, or for a run an
     * alarm started the smaller of it and {@code alarmFinalSyncSeconds}.
     */
    public long finalSyncSeconds(boolean alarmStarted) {
        return alarmStarted ? Math.min(finalSyncSeconds, alarmFinalSyncSeconds) : finalSyncSeconds;
    }
}
