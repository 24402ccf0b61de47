package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void acquire_whenLimitedToOneHundredPerSecond_spacesElevenCallsAtLeastOneHundredMillisApart() {
        RateLimiter limiter = RateLimiter.perSecond(100);
        long started = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            limiter.acquire();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 95, "11 calls at 100/s took only " + elapsedMillis + " ms");
    }

    @Test
    void acquire_whenUnlimited_neverWaits() {
        RateLimiter limiter = RateLimiter.perSecond(0);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire();
        }
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1000);
    }
}
