package io.efsdr.error;

/**
 * Input the orchestrator was given is wrong: the plan, an execution's input, an alarm event, an
 * approval decision, a Task payload, or a request AWS refused as invalid. The message names the
 * field; raised before any change is made.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.InvalidInputException}; the state machines
 * never retry it.
 */
public final class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
