package io.efsdr.plan;

import java.time.Instant;

/**
 * Where one poll of a bounded wait stands: when the wait began, which poll this is, and when it
 * gives up. The state machine loops the poll with a Wait state; each poll gets the previous one.
 */
public record Poll(Instant first, int number, Instant deadline) {

  /** A step result that is one poll of a wait. */
  public interface Polled extends StepResult {
    int polls();
  }

  /**
   * The poll after {@code previous}; the first when there is none (Step Functions may pass an
   * empty object as well as null).
   */
  public static Poll next(Polled previous, Instant now, long timeoutSeconds) {
    boolean first = previous == null || previous.startedAt() == null;
    Instant began = first ? now : previous.startedAt();
    return new Poll(began, first ? 1 : previous.polls() + 1, began.plusSeconds(timeoutSeconds));
  }
}
