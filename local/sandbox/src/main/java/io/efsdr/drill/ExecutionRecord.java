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

    /**
     * The state the execution failed at, or null when it succeeded: the last state whose error no
     * Catch handled, else (a deliberate Fail after a handled error) the last state whose error was
     * caught.
     */
    public String failedState() {
        if (succeeded()) {
            return null;
        }
        String failed = null;
        String caught = null;
        for (ExecutionEvent event : events) {
            if (event.state() != null && event.type().equals("StateFailed") && !"Fail".equals(event.stateType())) {
                failed = event.state();
            }
            if (event.state() != null && event.type().equals("StateCaught")) {
                caught = event.state();
            }
        }
        return failed != null ? failed : caught;
    }

    /** The input the state last entered with, as a redrive of it starts from; null when it was never entered. */
    public JsonNode lastInputOf(String state) {
        JsonNode input = null;
        for (ExecutionEvent event : events) {
            if (event.type().equals("StateEntered") && state.equals(event.state())) {
                input = event.input();
            }
        }
        return input;
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
        return events.stream()
                .mapToLong(e -> Math.max(e.inputBytes(), e.outputBytes()))
                .max()
                .orElse(0);
    }

    /** How many times a state was retried. */
    public long retries(String state) {
        return events.stream()
                .filter(e -> e.type().equals("StateRetried") && state.equals(e.state()))
                .count();
    }
}
