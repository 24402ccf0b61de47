package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Step Functions over AWS JSON 1.0 ({@code X-Amz-Target: AWSStepFunctions.*}; botocore {@code
 * data/stepfunctions/2016-11-23/service-2.json}), after the Step Functions API reference of each operation.
 */
final class StepFunctionsHandler extends JsonRpcService {
    private final StepFunctionsModel model;

    StepFunctionsHandler(StepFunctionsModel model) {
        super(
                "states",
                "StepFunctions",
                "AWSStepFunctions.",
                "1.0",
                new FaultAnswers(
                        new ServiceError(400, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "InternalFailure", "Internal failure (injected)")));
        this.model = model;
        operations(
                op("StartExecution", WRITE, this::startExecution),
                op("DescribeExecution", READ, this::describeExecution),
                op("GetExecutionHistory", READ, this::getExecutionHistory),
                op("ListExecutions", READ, this::listExecutions),
                op("ListStateMachines", READ, this::listStateMachines),
                op("DescribeStateMachine", READ, this::describeStateMachine),
                op("DescribeStateMachineForExecution", READ, this::describeStateMachineForExecution),
                op("SendTaskSuccess", WRITE, (request, input) -> sendTask(request, input, true)),
                op("SendTaskFailure", WRITE, (request, input) -> sendTask(request, input, false)));
    }

    private ObjectNode startExecution(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        SfnExecution e = model.start(
                request.region(),
                Json.text(input, "stateMachineArn"),
                Json.text(input, "name"),
                Json.text(input, "input"));
        body.put("executionArn", e.executionArn());
        body.put("startDate", Json.epochSeconds(e.startDate()));
        return body;
    }

    private ObjectNode describeExecution(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        SfnExecution e = execution(input);
        describe(body, e);
        body.put("input", e.input());
        return body;
    }

    private ObjectNode listExecutions(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        List<SfnExecution> all = model.list(Json.text(input, "stateMachineArn"), Json.text(input, "statusFilter"));
        Page page = Page.of(all.size(), Json.text(input, "maxResults"), Json.text(input, "nextToken"), 100);
        ArrayNode list = body.putArray("executions");
        for (SfnExecution e : all.subList(page.from(), page.to())) {
            describe(list.addObject(), e);
        }
        if (page.nextToken() != null) {
            body.put("nextToken", page.nextToken());
        }
        return body;
    }

    private ObjectNode listStateMachines(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
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
        return body;
    }

    private ObjectNode describeStateMachine(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        // DescribeStateMachine: StateMachineDoesNotExist (400) for an unknown ARN.
        String arn = Json.text(input, "stateMachineArn");
        StepFunctionsModel.StateMachine m = model.stateMachine(arn)
                .orElseThrow(() -> new ServiceError(
                        400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'"));
        describe(body, m);
        body.put("status", "ACTIVE");
        body.put("type", "STANDARD");
        body.put("creationDate", Json.epochSeconds(m.creationDate()));
        return body;
    }

    private ObjectNode describeStateMachineForExecution(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        // DescribeStateMachineForExecution: the machine an execution ran, with updateDate.
        SfnExecution e = execution(input);
        StepFunctionsModel.StateMachine m = model.stateMachine(e.stateMachineArn())
                .orElseThrow(() -> new ServiceError(
                        400,
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + e.stateMachineArn() + "'"));
        describe(body, m);
        body.put("updateDate", Json.epochSeconds(m.creationDate()));
        return body;
    }

    private ObjectNode getExecutionHistory(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        // Step Functions API reference, GetExecutionHistory: oldest first unless reverseOrder,
        // at most maxResults (default 100, up to 1000) a page, with a nextToken.
        execution(input);
        String arn = Json.text(input, "executionArn");
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
        return body;
    }

    private ObjectNode sendTask(AwsRequest request, JsonNode input, boolean success) {
        ObjectNode body = Json.object();
        String token = Json.text(input, "taskToken");
        var decision = new StepFunctionsModel.TaskDecision(
                success, Json.text(input, "output"), Json.text(input, "error"), Json.text(input, "cause"));
        if (token == null || !model.decide(token, decision)) {
            throw new ServiceError(400, "TaskDoesNotExist", "Task Does Not Exist or was already completed");
        }
        return body;
    }

    /** The execution {@code executionArn} names; {@code ExecutionDoesNotExist} (400) when there is none. */
    private SfnExecution execution(JsonNode input) {
        String arn = Json.text(input, "executionArn");
        return model.execution(arn)
                .orElseThrow(() ->
                        new ServiceError(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
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
