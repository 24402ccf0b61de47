package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Step Functions over AWS JSON 1.0 ({@code X-Amz-Target: AWSStepFunctions.*}; botocore {@code
 * data/stepfunctions/2016-11-23/service-2.json}), after the Step Functions API reference of each operation.
 */
final class StepFunctionsHandler implements ServiceHandler {
    private static final String VERSION = "1.0";
    private static final String TARGET = "AWSStepFunctions.";
    private static final Set<String> OPERATIONS = Set.of(
            "StartExecution",
            "DescribeExecution",
            "GetExecutionHistory",
            "ListExecutions",
            "ListStateMachines",
            "DescribeStateMachine",
            "DescribeStateMachineForExecution",
            "SendTaskSuccess",
            "SendTaskFailure");

    private final StepFunctionsModel model;

    StepFunctionsHandler(StepFunctionsModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "states";
    }

    @Override
    public String operation(AwsRequest request) {
        return ServiceHandler.jsonTargetOperation(request, TARGET, OPERATIONS);
    }

    @Override
    public boolean isMutating(String operation) {
        return operation.equals("StartExecution") || operation.startsWith("SendTask");
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        JsonNode input = Json.parse(request.body());
        ObjectNode body = Json.object();
        switch (operation) {
            case "StartExecution" -> {
                SfnExecution e = model.start(
                        request.region(),
                        Json.text(input, "stateMachineArn"),
                        Json.text(input, "name"),
                        Json.text(input, "input"));
                body.put("executionArn", e.executionArn());
                body.put("startDate", Json.epochSeconds(e.startDate()));
            }
            case "DescribeExecution" -> {
                String arn = Json.text(input, "executionArn");
                SfnExecution e = model.execution(arn)
                        .orElseThrow(() -> new ServiceError(
                                400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
                describe(body, e);
                body.put("input", e.input());
            }
            case "ListExecutions" -> {
                List<SfnExecution> all =
                        model.list(Json.text(input, "stateMachineArn"), Json.text(input, "statusFilter"));
                Page page = Page.of(all.size(), Json.text(input, "maxResults"), Json.text(input, "nextToken"), 100);
                ArrayNode list = body.putArray("executions");
                for (SfnExecution e : all.subList(page.from(), page.to())) {
                    describe(list.addObject(), e);
                }
                if (page.nextToken() != null) {
                    body.put("nextToken", page.nextToken());
                }
            }
            case "ListStateMachines" -> {
                // ListStateMachines: stateMachines [{stateMachineArn, name, type, creationDate}], nextToken.
                List<StepFunctionsModel.StateMachine> all = model.stateMachines(request.region());
                Page page = Page.of(all.size(), Json.text(input, "maxResults"), Json.text(input, "nextToken"), 100);
                ArrayNode list = body.putArray("stateMachines");
                for (StepFunctionsModel.StateMachine m : all.subList(page.from(), page.to())) {
                    ObjectNode item = list.addObject();
                    item.put("stateMachineArn", m.arn());
                    item.put("name", m.name());
                    item.put("type", "STANDARD");
                    item.put("creationDate", Json.epochSeconds(m.creationDate()));
                }
                if (page.nextToken() != null) {
                    body.put("nextToken", page.nextToken());
                }
            }
            case "DescribeStateMachine" -> {
                // DescribeStateMachine: StateMachineDoesNotExist (400) for an unknown ARN.
                String arn = Json.text(input, "stateMachineArn");
                StepFunctionsModel.StateMachine m = model.stateMachine(arn)
                        .orElseThrow(() -> new ServiceError(
                                400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'"));
                describe(body, m);
                body.put("status", "ACTIVE");
                body.put("type", "STANDARD");
                body.put("creationDate", Json.epochSeconds(m.creationDate()));
            }
            case "DescribeStateMachineForExecution" -> {
                // DescribeStateMachineForExecution: the machine an execution ran, with updateDate.
                String arn = Json.text(input, "executionArn");
                SfnExecution e = model.execution(arn)
                        .orElseThrow(() -> new ServiceError(
                                400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
                StepFunctionsModel.StateMachine m = model.stateMachine(e.stateMachineArn())
                        .orElseThrow(() -> new ServiceError(
                                400,
                                "StateMachineDoesNotExist",
                                "State Machine Does Not Exist: '" + e.stateMachineArn() + "'"));
                describe(body, m);
                body.put("updateDate", Json.epochSeconds(m.creationDate()));
            }
            case "GetExecutionHistory" -> {
                // Step Functions API reference, GetExecutionHistory: oldest first unless reverseOrder,
                // at most maxResults (default 100, up to 1000) a page, with a nextToken.
                String arn = Json.text(input, "executionArn");
                if (model.execution(arn).isEmpty()) {
                    throw new ServiceError(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
                }
                List<StepFunctionsModel.HistoryEntry> events = new ArrayList<>(model.history(arn));
                if (input.path("reverseOrder").asBoolean(false)) {
                    Collections.reverse(events);
                }
                Page page = Page.of(events.size(), Json.text(input, "maxResults"), Json.text(input, "nextToken"), 100);
                boolean withData = input.path("includeExecutionData").asBoolean(true);
                ArrayNode list = body.putArray("events");
                for (StepFunctionsModel.HistoryEntry event : events.subList(page.from(), page.to())) {
                    ObjectNode item = list.addObject();
                    item.put("timestamp", Json.epochSeconds(event.timestamp()));
                    item.put("type", event.type());
                    item.put("id", event.id());
                    item.put("previousEventId", event.id() - 1);
                    ObjectNode details = event.details().deepCopy();
                    if (!withData) {
                        details.remove(List.of("input", "output"));
                    }
                    item.set(event.detailsField(), details);
                }
                if (page.nextToken() != null) {
                    body.put("nextToken", page.nextToken());
                }
            }
            case "SendTaskSuccess", "SendTaskFailure" -> {
                String token = Json.text(input, "taskToken");
                boolean success = operation.equals("SendTaskSuccess");
                var decision = new StepFunctionsModel.TaskDecision(
                        success, Json.text(input, "output"), Json.text(input, "error"), Json.text(input, "cause"));
                if (token == null || !model.decide(token, decision)) {
                    throw new ServiceError(400, "TaskDoesNotExist", "Task Does Not Exist or was already completed");
                }
            }
            default -> throw notServed("StepFunctions", request);
        }
        return Json.awsJson(VERSION, body);
    }

    @Override
    public AwsResponse render(ServiceError error) {
        return Json.awsJsonError(VERSION, error);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalFailure", "Internal failure (injected)");
    }

    private static void describe(ObjectNode node, StepFunctionsModel.StateMachine m) {
        node.put("stateMachineArn", m.arn());
        node.put("name", m.name());
        node.put("definition", m.definition());
        node.put("roleArn", m.roleArn());
    }

    private static void describe(ObjectNode node, SfnExecution e) {
        node.put("executionArn", e.executionArn());
        node.put("stateMachineArn", e.stateMachineArn());
        node.put("name", e.name());
        node.put("status", e.status());
        node.put("startDate", Json.epochSeconds(e.startDate()));
        if (e.stopDate() != null) {
            node.put("stopDate", Json.epochSeconds(e.stopDate()));
        }
    }
}
