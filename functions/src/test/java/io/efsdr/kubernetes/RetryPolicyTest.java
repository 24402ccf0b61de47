package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy POLICY = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5));
    private static final int SAMPLES = 500;

    @Test
    void backoff_whenRetryAfterIsBelowTheCap_expectRetryAfter() {
        assertEquals(Duration.ofSeconds(3), POLICY.backoff(1, Duration.ofSeconds(3)));
    }

    @Test
    void backoff_whenRetryAfterIsAboveTheCap_expectTheCap() {
        assertEquals(Duration.ofSeconds(5), POLICY.backoff(1, Duration.ofSeconds(120)));
    }

    @Test
    void backoff_whenRetryAfterIsZero_expectZero() {
        assertEquals(Duration.ZERO, POLICY.backoff(4, Duration.ZERO));
    }

    @Test
    void backoff_whenRetryAfterIsNegative_expectNoNegativePause() {
        Duration pause = POLICY.backoff(1, Duration.ofSeconds(-1));

        assertFalse(pause.isNegative(), pause.toString());
    }

    @Test
    void backoff_whenNoRetryAfter_expectWithinHalfCapAndCap() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long cap = Math.min(5000, 200L << (attempt - 1));
            for (int i = 0; i < SAMPLES; i++) {
                long millis = POLICY.backoff(attempt, null).toMillis();
                int a = attempt;
                assertTrue(
                        millis >= cap / 2 && millis <= cap,
                        () -> "attempt " + a + ": " + millis + " ms outside [" + cap / 2 + ", " + cap + "]");
            }
        }
    }

    @Test
    void backoff_whenAttemptsGrow_expectLongerPausesUpToMaxDelay() {
        long first = maxOver(1);
        long second = maxOver(2);
        long fourth = maxOver(4);

        assertAll(
                () -> assertTrue(first <= 200, "first " + first),
                () -> assertTrue(second > first && second <= 400, "second " + second),
                () -> assertTrue(fourth > 800 && fourth <= 1600, "fourth " + fourth),
                () -> assertTrue(minOver(10) >= 2500, "tenth min " + minOver(10)),
                () -> assertTrue(maxOver(60) <= 5000, "sixtieth max " + maxOver(60)));
    }

    @Test
    void backoff_whenAttemptIsHuge_expectNoOverflowAndTheCap() {
        long millis = POLICY.backoff(Integer.MAX_VALUE, null).toMillis();

        assertTrue(millis >= 2500 && millis <= 5000, millis + " ms");
    }

    @Test
    void backoff_whenDefaultPolicy_expectFiveSecondCap() {
        assertEquals(Duration.ofSeconds(5), RetryPolicy.DEFAULT.backoff(1, Duration.ofMinutes(1)));
    }

    private static long maxOver(int attempt) {
        long max = 0;
        for (int i = 0; i < SAMPLES; i++) {
            max = Math.max(max, POLICY.backoff(attempt, null).toMillis());
        }
        return max;
    }

    private static long minOver(int attempt) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < SAMPLES; i++) {
            min = Math.min(min, POLICY.backoff(attempt, null).toMillis());
        }
        return min;
    }
}
