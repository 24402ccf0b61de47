package io.efsdr.error;

/**
 * The plan or the execution input is wrong: a missing, mistyped or contradictory field, named in the message. Raised before any change is made.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.InvalidPlanException}; the state machines never retry it.
 */
public final class InvalidPlanException extends RuntimeException {
  public InvalidPlanException(String message) {
    super(message);
  }

  public InvalidPlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
