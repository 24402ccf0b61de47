package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * EventBridge rules over AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.*}; botocore {@code
 * data/events/2015-10-07/service-2.json}), after the Amazon EventBridge API Reference: EnableRule,
 * DisableRule, DescribeRule ({@code Name}, {@code Arn}, {@code ScheduleExpression}, {@code State},
 * {@code EventBusName}; {@code ResourceNotFoundException} for an unknown rule) and ListRules ({@code
 * NamePrefix}, {@code Limit}, {@code NextToken}) on the default bus.
 */
final class EventBridgeHandler implements ServiceHandler {
    private static final String VERSION = "1.1";
    private static final String TARGET = "AWSEvents.";
    private static final Set<String> OPERATIONS = Set.of("EnableRule", "DisableRule", "DescribeRule", "ListRules");

    private final EventBridgeModel model;

    EventBridgeHandler(EventBridgeModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "events";
    }

    @Override
    public String operation(AwsRequest request) {
        return ServiceHandler.jsonTargetOperation(request, TARGET, OPERATIONS);
    }

    @Override
    public boolean isMutating(String operation) {
        return operation.endsWith("ableRule");
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        if (operation.equals("Unknown")) {
            throw notServed("EventBridge", request);
        }
        JsonNode input = Json.parse(request.body());
        if (operation.equals("ListRules")) {
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
            return Json.awsJson(VERSION, body);
        }
        String name = Json.text(input, "Name");
        if (name == null) {
            throw new ServiceError(400, "ValidationException", "Name is required");
        }
        if (operation.equals("DescribeRule")) {
            EventBridgeModel.Rule rule = model.rule(request.region(), name)
                    .orElseThrow(() -> new ServiceError(
                            400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default."));
            ObjectNode body = Json.object();
            describe(body, rule);
            body.put("CreatedBy", EfsModel.ACCOUNT);
            return Json.awsJson(VERSION, body);
        }
        model.setEnabled(request.region(), name, operation.equals("EnableRule"));
        return Json.awsJson(VERSION, Json.object());
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
        return new ServiceError(500, "InternalException", "Internal server error (injected)");
    }
}
