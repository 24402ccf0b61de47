package io.efsdr.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The sandbox's notion of now: real time plus every stretch a scaled Wait state skipped, and, when
 * a rate other than 1 is set, the real time since then scaled by that rate.
 *
 * <p>The drill shortens Wait states (seconds become milliseconds) and then advances this clock by
 * the part it did not really wait, so replication lag, promotion delay and timeouts keep their
 * real-world meaning while the drill runs in seconds. Handlers run with this clock in the drill.
 * Serve mode may set a rate ({@code --clock-rate}) so that a promotion or a readiness delay passes
 * in a fraction of its real time while people watch with kubectl and the aws CLI.
 */
public final class VirtualClock extends Clock {
    private long rateSinceMillis = System.currentTimeMillis();

    /**
     * Sandbox milliseconds at {@link #rateSinceMillis}, minus real milliseconds then. A world starts
     * on a whole minute, so what depends on where a moment falls in CloudWatch's 1-minute periods
     * (the promote step's metric evidence) does not depend on the second a run was started in: the
     * same world takes the same path (a fuzz world's P4 compares two runs of it).
     */
    private long offsetMillis = -(rateSinceMillis % 60_000);

    private double rate = 1.0;

    /** Moves now forward by {@code duration} without waiting; negative durations are ignored. */
    public synchronized void advance(Duration duration) {
        if (!duration.isNegative()) {
            offsetMillis += duration.toMillis();
        }
    }

    /**
     * From now on, sandbox time passes {@code rate} times as fast as real time (1 = real time);
     * what passed before is kept.
     */
    public synchronized void setRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the clock rate must be a positive number, not " + rate);
        }
        long real = System.currentTimeMillis();
        offsetMillis = millisAt(real) - real;
        rateSinceMillis = real;
        this.rate = rate;
    }

    /** Sandbox seconds per real second. */
    public synchronized double rate() {
        return rate;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public synchronized long millis() {
        return millisAt(System.currentTimeMillis());
    }

    private long millisAt(long real) {
        long scaled = rate == 1.0 ? real - rateSinceMillis : Math.round((real - rateSinceMillis) * rate);
        return rateSinceMillis + scaled + offsetMillis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox clock is always UTC");
    }
}
