package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where an execution stood when it ended, read from its history: the last state it entered and
 * that state's input (the run's plan, context and step results), and the error it ended with.
 */
public interface ExecutionHistory {
  /**
   * @param state the last state entered (the one that failed, timed out or was running when the
   *     execution was aborted)
   * @param input that state's input, as JSON
   * @param error the error the execution ended with, when the history records one
   */
  record LastState(String state, JsonNode input, String error, String cause) {}

  Optional<LastState> lastState(String executionArn);
}
