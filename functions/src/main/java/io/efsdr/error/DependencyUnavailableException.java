package io.efsdr.error;

/**
 * An AWS or Kubernetes call kept failing transiently (throttling, 5xx, timeout, connection refused) after the
 * in-handler retries.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.DependencyUnavailableException}; the state machines retry it
 * with backoff and jitter.
 */
public final class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message) {
        super(message);
    }

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
