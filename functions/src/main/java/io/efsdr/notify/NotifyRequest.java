package io.efsdr.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.StepResult;
import java.util.Map;
import java.util.Optional;

/**
 * What the notify step is given: the event, the run and the results of the steps so far; on
 * failure the state that failed and the error Step Functions caught.
 *
 * @param event e.g. {@code STARTED}, {@code COMPLETE}, {@code FAILED}
 * @param workflow and {@code executionName}: given when there is no validated run yet (the plan
 *     was rejected); otherwise taken from {@code run}
 * @param approvals the answers of the run's approval gates so far, by gate ({@code failover},
 *     {@code promotion}, {@code failback}); absent or empty when no gate was passed
 */
public record NotifyRequest(
        String event,
        String workflow,
        String executionName,
        DrPlan plan,
        RunContext run,
        Map<String, JsonNode> steps,
        CaughtError error,
        String failedState,
        Map<String, JsonNode> approvals)
        implements RunScoped {

    public NotifyRequest {
        if (event == null || event.isBlank()) {
            throw new InvalidInputException("input.event: is missing");
        }
        if (run == null && (workflow == null || executionName == null)) {
            throw new InvalidInputException("input.run: is missing (or give workflow and executionName)");
        }
        approvals = approvals == null ? Map.of() : approvals;
    }

    /**
     * A step's result read back as the record it is; empty when the run has not reached the step
     * (or the state holds something else there, which a notification must survive).
     */
    public <T extends StepResult> Optional<T> step(StepKey<T> key) {
        JsonNode node = steps == null ? null : steps.get(key.json());
        if (node == null || !node.isObject() || node.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.treeToValue(node, key.type()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The error object a Catch stores: {@code {"Error": ..., "Cause": ...}}. */
    public record CaughtError(
            @JsonProperty("Error") String error,
            @JsonProperty("Cause") String cause) {}
}
