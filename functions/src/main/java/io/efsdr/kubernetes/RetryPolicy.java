package io.efsdr.kubernetes;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with equal jitter (between half the cap and the cap) for Kubernetes calls.
 *
 * @param maxAttempts attempts in total, the first included
 * @param baseDelay the first backoff's upper bound
 * @param maxDelay the cap of any single backoff, {@code Retry-After} included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5));

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
