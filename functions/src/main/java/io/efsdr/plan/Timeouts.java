package io.efsdr.plan;

/**
 * Bounds of the waiting steps, in seconds.
 *
 * @param promotionSeconds how long the DR file system may take to become writable (default 1800)
 * @param readinessSeconds how long workloads may take to become ready (default 600)
 * @param fencingSeconds how long fencing the old primary may take before it is skipped (default 30)
 * @param syncSeconds how long failback waits for a replication sync (default 21600)
 * @param finalSyncSeconds how long a graceful failover waits, once the primary's writers are gone,
 *     for a sync later than that moment before it promotes anyway and reports the window (default 900)
 * @param localDeletionSeconds how long a replication may stay DELETING while its source region does
 *     not answer before the DR side is deleted with LOCAL_CONFIGURATION_ONLY (default 300)
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
        long fencePropagationSeconds) {
    public static final Timeouts DEFAULTS = new Timeouts(1800, 600, 30, 21600, 900, 300, 180);
    /** The smallest value the plan may give each bound. */
    public static final Timeouts MINIMA = new Timeouts(60, 30, 5, 60, 30, 30, 30);
    /** The largest value the plan may give each bound. */
    public static final Timeouts MAXIMA = new Timeouts(6 * 3600, 6 * 3600, 90, 48 * 3600, 6 * 3600, 6 * 3600, 1800);

    /** The bounds before {@code fencePropagationSeconds} existed; it takes its default. */
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
                180);
    }
}
