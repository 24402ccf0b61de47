package io.efsdr.error;

/**
 * A bounded wait (promotion, readiness, sync) ran past its deadline.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.StepTimeoutException}; the state machines never retry it.
 */
public final class StepTimeoutException extends RuntimeException {
    public StepTimeoutException(String message) {
        super(message);
    }

    public StepTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
