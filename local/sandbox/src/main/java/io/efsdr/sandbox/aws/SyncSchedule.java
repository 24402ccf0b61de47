package io.efsdr.sandbox.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * When the syncs of one replication start, in the sandbox's model of EFS replication: every
 * {@code interval}, each start moved by up to {@code jitter} either way (deterministic from {@code
 * seed} and the sync's number), the sync numbered 0 starting at {@code anchor}. A sync carries what
 * was written on the source before its start and completes {@code lag} later; then {@code
 * LastReplicatedTimestamp} becomes its start.
 *
 * <p>Sources: the EFS user guide ("Amazon EFS replication") says most changes are replicated within
 * a minute and that replication has a recovery point objective of 15 minutes for most file systems;
 * the EFS API reference (Destination, {@code LastReplicatedTimestamp}) says all changes made on the
 * source before that time have been replicated to the destination. So the timestamp moves in steps,
 * once per completed sync, and a change made just after a sync began waits for the next one: up to
 * an interval plus the lag. An interval of 0 is the continuous model (the timestamp trails now by
 * the lag), kept as the default.
 *
 * @param firstNumber the lowest sync number: 0 for a replication created during the run (its first
 *     sync is the initial one), {@link Long#MIN_VALUE} for one seeded long before the world starts
 */
public record SyncSchedule(
        Duration interval, Duration jitter, long seed, Instant anchor, long firstNumber, Duration lag) {

    public SyncSchedule {
        if (interval.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("a sync interval and jitter are not negative");
        }
        if (!interval.isZero() && jitter.multipliedBy(2).compareTo(interval) >= 0) {
            throw new IllegalArgumentException("the sync jitter must be less than half the interval");
        }
    }

    public boolean continuous() {
        return interval.isZero();
    }

    /** When sync {@code k} starts. */
    public Instant start(long k) {
        long jitterSeconds = jitter.toSeconds();
        long moved = k == 0 || jitterSeconds == 0
                ? 0
                : new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k).nextLong(-jitterSeconds, jitterSeconds + 1);
        return anchor.plus(interval.multipliedBy(k)).plusSeconds(moved);
    }

    /** The start of the latest sync completed by {@code now}, or null when none has (cadence only). */
    public Instant lastCompletedStart(Instant now) {
        long around = Math.floorDiv(Duration.between(anchor, now.minus(lag)).toMillis(), interval.toMillis());
        for (long k = around + 1; k >= around - 1; k--) {
            if (k < firstNumber) {
                return null;
            }
            Instant start = start(k);
            if (!start.plus(lag).isAfter(now)) {
                return start;
            }
        }
        return null;
    }

    /**
     * The earliest moment the destination can hold every change made before {@code moment}: when the
     * first sync that starts after it completes (continuous: one lag after it).
     */
    public Instant firstCompletionAfter(Instant moment) {
        if (continuous()) {
            return moment.plus(lag);
        }
        long k = Math.max(
                firstNumber, Math.floorDiv(Duration.between(anchor, moment).toMillis(), interval.toMillis()) - 1);
        while (!start(k).isAfter(moment)) {
            k++;
        }
        return start(k).plus(lag);
    }
}
