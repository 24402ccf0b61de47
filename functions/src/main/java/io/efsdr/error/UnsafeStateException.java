package io.efsdr.error;

/**
 * The world is not in a state where this step can act without risking data: for example the DR file system is a
 * replication source, or a workload named in the plan does not exist.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.UnsafeStateException}; the state machines never retry it.
 */
public final class UnsafeStateException extends RuntimeException {
    public UnsafeStateException(String message) {
        super(message);
    }

    public UnsafeStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
