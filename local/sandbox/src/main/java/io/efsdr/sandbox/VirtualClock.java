package io.efsdr.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's notion of now: real time plus every stretch a scaled Wait state skipped.
 *
 * <p>The drill shortens Wait states (seconds become milliseconds) and then advances this clock by
 * the part it did not really wait, so replication lag, promotion delay and timeouts keep their
 * real-world meaning while the drill runs in seconds. Handlers run with this clock in the drill.
 */
public final class VirtualClock extends Clock {
    private final AtomicLong skippedMillis = new AtomicLong();

    /** Moves now forward by {@code duration} without waiting; negative durations are ignored. */
    public void advance(Duration duration) {
        if (!duration.isNegative()) {
            skippedMillis.addAndGet(duration.toMillis());
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(skippedMillis.get());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + skippedMillis.get();
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
