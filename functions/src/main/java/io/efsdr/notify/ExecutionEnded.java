package io.efsdr.notify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.efsdr.error.InvalidInputException;
import java.util.Locale;
import java.util.Set;

/**
 * An EventBridge "Step Functions Execution Status Change" event for an execution that ended badly.
 * No Catch in a state machine sees an execution timeout, an abort or a history-limit failure, and a
 * failed step ends the execution at that step (so a redrive resumes it): this event is where every
 * such end is reported from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionEnded(@JsonProperty("detail-type") String detailType, Detail detail) {
    /** The statuses this event is wired to; anything else is not a bad end. */
    public static final Set<String> STATUSES = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    /** The event's {@code detail}: the execution, how it ended and, for a failure, its error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detail(
            String executionArn, String stateMachineArn, String name, String status, String error, String cause) {}

    public ExecutionEnded {
        if (detail == null
                || detail.executionArn() == null
                || detail.executionArn().isBlank()) {
            throw new InvalidInputException(
                    "input.detail.executionArn: is missing (an EventBridge Step Functions Execution Status "
                            + "Change event is expected)");
        }
        if (detail.status() == null || !STATUSES.contains(detail.status())) {
            throw new InvalidInputException("input.detail.status: must be one of "
                    + STATUSES.stream().sorted().toList() + ", not " + detail.status());
        }
    }

    /**
     * failover or failback, from the state machine's name (the template names them {@code <stack>-failover|failback}).
     */
    public String workflow() {
        String arn = detail.stateMachineArn() == null ? "" : detail.stateMachineArn();
        String machine = arn.substring(arn.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        return machine.endsWith("failback") ? "failback" : "failover";
    }
}
