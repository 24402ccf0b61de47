package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * EventBridge rules over AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.*}; botocore {@code
 * data/events/2015-10-07/service-2.json}), after the Amazon EventBridge API Reference: EnableRule,
 * DisableRule, DescribeRule ({@code Name}, {@code Arn}, {@code ScheduleExpression}, {@code State},
 * {@code EventBusName}; {@code ResourceNotFoundException} for an unknown rule) and ListRules ({@code
 * NamePrefix}, {@code Limit}, {@code NextToken}) on the default bus.
 */
final class EventBridgeHandler extends JsonRpcService {
    private final EventBridgeModel model;

    EventBridgeHandler(EventBridgeModel model) {
        super(
                "events",
                "EventBridge",
                "AWSEvents.",
                "1.1",
                new FaultAnswers(
                        new ServiceError(400, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "InternalException", "Internal server error (injected)")));
        this.model = model;
        operations(
                op("EnableRule", WRITE, (request, input) -> setEnabled(request, input, true)),
                op("DisableRule", WRITE, (request, input) -> setEnabled(request, input, false)),
                op("DescribeRule", READ, this::describeRule),
                op("ListRules", READ, this::listRules));
    }

    private ObjectNode listRules(AwsRequest request, JsonNode input) {
        String namePrefix = Json.text(input, "NamePrefix");
        List<EventBridgeModel.Rule> all = model.rules().stream()
                .filter(r -> r.region().equals(request.region()))
                .filter(r -> namePrefix == null || r.name().startsWith(namePrefix))
                .sorted(Comparator.comparing(EventBridgeModel.Rule::name))
                .toList();
        Page page = Page.of(all.size(), Json.text(input, "Limit"), Json.text(input, "NextToken"), 100);
        ObjectNode body = Json.object();
        ArrayNode rules = body.putArray("Rules");
        all.subList(page.from(), page.to()).forEach(r -> describe(rules.addObject(), r));
        if (page.nextToken() != null) {
            body.put("NextToken", page.nextToken());
        }
        return body;
    }

    private ObjectNode describeRule(AwsRequest request, JsonNode input) {
        String name = name(input);
        EventBridgeModel.Rule rule = model.rule(request.region(), name)
                .orElseThrow(() -> new ServiceError(
                        400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default."));
        ObjectNode body = Json.object();
        describe(body, rule);
        body.put("CreatedBy", EfsModel.ACCOUNT);
        return body;
    }

    private ObjectNode setEnabled(AwsRequest request, JsonNode input, boolean enabled) {
        model.setEnabled(request.region(), name(input), enabled);
        return Json.object();
    }

    private static String name(JsonNode input) {
        String name = Json.text(input, "Name");
        if (name == null) {
            throw new ServiceError(400, "ValidationException", "Name is required");
        }
        return name;
    }

    private static void describe(ObjectNode node, EventBridgeModel.Rule rule) {
        node.put("Name", rule.name());
        node.put("Arn", "arn:aws:events:" + rule.region() + ":" + EfsModel.ACCOUNT + ":rule/" + rule.name());
        node.put("ScheduleExpression", rate(rule.rate()));
        node.put("State", rule.enabled() ? "ENABLED" : "DISABLED");
        node.put("EventBusName", "default");
    }

    /** EventBridge schedule expressions: {@code rate(1 minute)}, {@code rate(5 minutes)}. */
    private static String rate(Duration rate) {
        long minutes = rate.toMinutes();
        return "rate(" + minutes + (minutes == 1 ? " minute)" : " minutes)");
    }
}
