package io.efsdr.kubernetes;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with equal jitter (between half the cap and the cap) for Kubernetes calls.
 *
 * @param maxAttempts attempts in total, the first included
 * @param baseDelay the first backoff's upper bound
 * @param maxDelay the cap of any single backoff, {@code Retry-After} included
 * @param requestTimeout how long one request may take before it counts as failed
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration requestTimeout) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10));

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, DEFAULT_REQUEST_TIMEOUT);
    }

    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The default policy with another attempt count and request timeout (from the settings). */
    public static RetryPolicy of(int maxAttempts, Duration requestTimeout) {
        return new RetryPolicy(maxAttempts, DEFAULT.baseDelay(), DEFAULT.maxDelay(), requestTimeout);
    }

    /** The pause before attempt {@code attempt + 1}, honouring the server's Retry-After when given. */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            if (retryAfter.isNegative()) {
                return Duration.ZERO;
            }
            return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
        }
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * (1L << Math.min(attempt - 1, 16)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }
}
