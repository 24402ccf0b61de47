package io.efsdr.plan;

/**
 * Bounds of the waiting steps, in seconds.
 *
 * @param promotionSeconds how long the DR file system may take to become writable (default 1800)
 * @param readinessSeconds how long workloads may take to become ready (default 600)
 * @param fencingSeconds how long fencing the old primary may take before it is skipped (default 30)
 * @param syncSeconds how long failback waits for a replication sync (default 21600)
 */
public record Timeouts(
    long promotionSeconds, long readinessSeconds, long fencingSeconds, long syncSeconds) {
  public static final Timeouts DEFAULTS = new Timeouts(1800, 600, 30, 21600);
}
