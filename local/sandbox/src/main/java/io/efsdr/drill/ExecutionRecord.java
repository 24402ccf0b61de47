package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of one local execution: SUCCEEDED or FAILED, the events in order, the final output
 * (when it succeeded), and the error the execution failed with.
 */
public record ExecutionRecord(String status, List<ExecutionEvent> events, JsonNode output, String error, String cause) {
  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  /** The last state that failed and was not retried into success, or null. */
  public String failedState() {
    String failed = null;
    for (ExecutionEvent event : events) {
      if (event.type().equals("StateCaught") && event.state() != null) {
        failed = event.state();
      }
    }
    return succeeded() ? null : failed;
  }

  /** The state data after the last Task that completed, the best view of a failed run's progress. */
  public JsonNode lastTaskOutput() {
    JsonNode last = null;
    for (ExecutionEvent event : events) {
      if (event.type().equals("StateExited") && event.output() != null) {
        last = event.output();
      }
    }
    return last;
  }

  /**
   * The largest state input or output the ASL engine saw, in UTF-8 bytes of its JSON (Step
   * Functions refuses more than 262,144 with {@code States.DataLimitExceeded}).
   */
  public long maxStateBytes() {
    return events.stream().mapToLong(e -> Math.max(e.inputBytes(), e.outputBytes())).max().orElse(0);
  }

  /** How many times a state was retried. */
  public long retries(String state) {
    return events.stream().filter(e -> e.type().equals("StateRetried") && state.equals(e.state())).count();
  }
}
