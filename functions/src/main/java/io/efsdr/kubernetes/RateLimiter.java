package io.efsdr.kubernetes;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces calls to at most a given number per second, evenly spaced (a token bucket holding one
 * token), shared by every thread of a step. Retries take a slot like any other call, so the API
 * server never sees more than the configured rate.
 */
public final class RateLimiter {
    /** No pacing at all. */
    public static final RateLimiter UNLIMITED = new RateLimiter(0);

    private final long intervalNanos;
    private long nextSlot = Long.MIN_VALUE;

    private RateLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** A limiter for {@code callsPerSecond}; zero or less means unlimited. */
    public static RateLimiter perSecond(int callsPerSecond) {
        return callsPerSecond <= 0 ? UNLIMITED : new RateLimiter(TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
    }

    /** Waits for the next free slot. */
    public void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = nextSlot == Long.MIN_VALUE || nextSlot - now < 0 ? now : nextSlot;
            nextSlot = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
