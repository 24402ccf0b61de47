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
     * @param type its state type: {@code Fail} means the state machine ended the run on purpose
     *     (and has already said why), anything else that it was cut short
     * @param input that state's input, as JSON
     * @param error the error the execution ended with, when the history records one
     */
    record LastState(String state, String type, JsonNode input, String error, String cause) {
        public boolean deliberateEnd() {
            return "Fail".equals(type);
        }
    }

    Optional<LastState> lastState(String executionArn);
}
