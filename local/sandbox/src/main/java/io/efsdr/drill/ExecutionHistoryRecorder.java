package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.aws.StepFunctionsModel;
import java.util.function.Consumer;

/**
 * Writes a local execution's events into the Step Functions stand-in as the service records an
 * execution's history (Step Functions API reference, HistoryEvent and its *EventDetails members),
 * so GetExecutionHistory answers what a function reading it in AWS would see: which state was
 * entered with which input, what failed, how the execution ended, and that it was redriven.
 */
final class ExecutionHistoryRecorder implements Consumer<ExecutionEvent> {
    private final StepFunctionsModel model;
    private final String executionArn;

    ExecutionHistoryRecorder(StepFunctionsModel model, String executionArn) {
        this.model = model;
        this.executionArn = executionArn;
    }

    void started(JsonNode input) {
        model.appendHistory(
                executionArn,
                "ExecutionStarted",
                "executionStartedEventDetails",
                Json.MAPPER.createObjectNode().put("input", input.toString()));
    }

    void redriven() {
        model.appendHistory(
                executionArn,
                "ExecutionRedriven",
                "executionRedrivenEventDetails",
                Json.MAPPER.createObjectNode().put("redriveCount", 1));
    }

    void failed(String error, String cause) {
        model.appendHistory(
                executionArn,
                "ExecutionFailed",
                "executionFailedEventDetails",
                Json.MAPPER.createObjectNode().put("error", error).put("cause", cause));
    }

    @Override
    public void accept(ExecutionEvent event) {
        if (event.state() == null || event.stateType() == null) {
            return;
        }
        switch (event.type()) {
            case "StateEntered" ->
                model.appendHistory(
                        executionArn,
                        event.stateType() + "StateEntered",
                        "stateEnteredEventDetails",
                        details(event.state())
                                .put(
                                        "input",
                                        event.input() == null
                                                ? "{}"
                                                : event.input().toString()));
            case "StateExited" ->
                model.appendHistory(
                        executionArn,
                        event.stateType() + "StateExited",
                        "stateExitedEventDetails",
                        details(event.state())
                                .put(
                                        "output",
                                        event.output() == null
                                                ? "{}"
                                                : event.output().toString()));
            case "StateFailed" -> {
                if ("Task".equals(event.stateType())) {
                    model.appendHistory(
                            executionArn,
                            "LambdaFunctionFailed",
                            "lambdaFunctionFailedEventDetails",
                            Json.MAPPER
                                    .createObjectNode()
                                    .put("error", event.error())
                                    .put("cause", event.cause()));
                }
            }
            default -> {}
        }
    }

    private static ObjectNode details(String state) {
        return Json.MAPPER.createObjectNode().put("name", state);
    }
}
