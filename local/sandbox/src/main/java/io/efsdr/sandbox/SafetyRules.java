package io.efsdr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.sandbox.arc.SafetyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the scenario's {@code routingControlSafetyRules}: a list of rules, each {@code
 * {"AssertionRule": {...}}} or {@code {"GatingRule": {...}}} in the shape of ARC's CreateSafetyRule
 * (Route 53 ARC recovery control configuration API reference, NewAssertionRule / NewGatingRule /
 * RuleConfig). Controls are named by the region they send traffic to or by their ARN. Every field is
 * checked; an unknown one is an error naming its path.
 */
final class SafetyRules {
    /** "The wait period is 5000 ms by default" (CreateSafetyRule, AssertionRule and GatingRule WaitPeriodMs). */
    static final long DEFAULT_WAIT_PERIOD_MS = 5000;

    private static final List<String> RULE_KINDS = List.of("AssertionRule", "GatingRule");
    private static final List<String> ASSERTION_FIELDS =
            List.of("Name", "AssertedControls", "WaitPeriodMs", "RuleConfig");
    private static final List<String> GATING_FIELDS =
            List.of("Name", "GatingControls", "TargetControls", "WaitPeriodMs", "RuleConfig");
    private static final List<String> CONFIG_FIELDS = List.of("Type", "Threshold", "Inverted");
    private static final List<String> TYPES = List.of("ATLEAST", "AND", "OR");

    private SafetyRules() {}

    static List<SafetyRule> parse(JsonNode node, String primaryRegion, String drRegion) {
        String path = "scenario.routingControlSafetyRules";
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    path + ": must be a list of {\"AssertionRule\": {...}} or " + "{\"GatingRule\": {...}}");
        }
        List<SafetyRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject() || entry.size() != 1) {
                throw new IllegalArgumentException(at + ": must hold exactly one of " + String.join(", ", RULE_KINDS));
            }
            String kind = entry.fieldNames().next();
            if (!RULE_KINDS.contains(kind)) {
                throw new IllegalArgumentException(
                        at + "." + kind + ": is not a known field (known: " + String.join(", ", RULE_KINDS) + ")");
            }
            boolean gating = kind.equals("GatingRule");
            JsonNode rule = entry.get(kind);
            at = at + "." + kind;
            if (!rule.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object");
            }
            known(rule, gating ? GATING_FIELDS : ASSERTION_FIELDS, at);
            String name = rule.hasNonNull("Name") ? text(rule.get("Name"), at + ".Name") : "rule-" + (i + 1);
            if (!names.add(name)) {
                throw new IllegalArgumentException(
                        at + ".Name: " + name + " is used twice (a rule's name is unique in its control panel)");
            }
            List<String> controls = controls(
                    rule.get(gating ? "TargetControls" : "AssertedControls"),
                    at + (gating ? ".TargetControls" : ".AssertedControls"),
                    primaryRegion,
                    drRegion);
            List<String> gatingControls = gating
                    ? controls(rule.get("GatingControls"), at + ".GatingControls", primaryRegion, drRegion)
                    : List.of();
            long wait = DEFAULT_WAIT_PERIOD_MS;
            JsonNode waitNode = rule.get("WaitPeriodMs");
            if (waitNode != null && !waitNode.isNull()) {
                if (!waitNode.isIntegralNumber() || !waitNode.canConvertToLong() || waitNode.asLong() < 0) {
                    throw new IllegalArgumentException(
                            at + ".WaitPeriodMs: must be a whole number of milliseconds >= 0, not " + waitNode);
                }
                wait = waitNode.asLong();
            }
            JsonNode config = rule.get("RuleConfig");
            String configPath = at + ".RuleConfig";
            if (config == null || !config.isObject()) {
                throw new IllegalArgumentException(configPath
                        + ": is required, like {\"Type\": \"ATLEAST\", \"Threshold\": 1, \"Inverted\": false}");
            }
            known(config, CONFIG_FIELDS, configPath);
            String type = config.hasNonNull("Type")
                    ? text(config.get("Type"), configPath + ".Type").toUpperCase(Locale.ROOT)
                    : null;
            if (type == null || !TYPES.contains(type)) {
                throw new IllegalArgumentException(configPath + ".Type: must be one of " + String.join(", ", TYPES)
                        + ", not " + config.get("Type"));
            }
            int evaluated = gating ? gatingControls.size() : controls.size();
            int threshold = 1;
            JsonNode thresholdNode = config.get("Threshold");
            if (thresholdNode != null && !thresholdNode.isNull()) {
                if (!thresholdNode.isIntegralNumber() || thresholdNode.asInt() < 0) {
                    throw new IllegalArgumentException(
                            configPath + ".Threshold: must be a whole number >= 0, not " + thresholdNode);
                }
                threshold = thresholdNode.asInt();
            }
            if (type.equals("ATLEAST") && threshold > evaluated) {
                throw new IllegalArgumentException(configPath + ".Threshold: ATLEAST " + threshold + " of " + evaluated
                        + " control" + (evaluated == 1 ? "" : "s") + " can never hold");
            }
            boolean inverted = false;
            JsonNode invertedNode = config.get("Inverted");
            if (invertedNode != null && !invertedNode.isNull()) {
                if (!invertedNode.isBoolean()) {
                    throw new IllegalArgumentException(
                            configPath + ".Inverted: must be true or false, not " + invertedNode);
                }
                inverted = invertedNode.asBoolean();
            }
            rules.add(new SafetyRule(
                    safetyRuleArn(i), name, gating, gatingControls, controls, type, threshold, inverted, wait));
        }
        return List.copyOf(rules);
    }

    /** The ARN the sandbox's control panel gives its {@code index}-th safety rule. */
    static String safetyRuleArn(int index) {
        return Sandbox.CONTROL_PANEL + "/safetyrule/" + String.format(Locale.ROOT, "%032x", index + 1);
    }

    private static void known(JsonNode node, List<String> known, String path) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(
                        path + "." + field + ": is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(path + ": must be a non-empty string, not " + node);
        }
        return node.asText();
    }

    /** A list of the sandbox's two routing controls, each named by its region or its ARN, as ARNs. */
    private static List<String> controls(JsonNode node, String path, String primaryRegion, String drRegion) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(path + ": is required: a list of routing controls, each the region it "
                    + "sends traffic to (" + primaryRegion + ", " + drRegion + ") or its ARN");
        }
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String value = text(node.get(i), path + "[" + i + "]");
            String arn = null;
            for (String region : List.of(primaryRegion, drRegion)) {
                if (value.equals(region) || value.equals(Sandbox.routingControlArn(region))) {
                    arn = Sandbox.routingControlArn(region);
                }
            }
            if (arn == null) {
                throw new IllegalArgumentException(path + "[" + i + "]: " + value + " is not one of the sandbox's "
                        + "routing controls: " + primaryRegion + " (" + Sandbox.routingControlArn(primaryRegion)
                        + ") or "
                        + drRegion + " (" + Sandbox.routingControlArn(drRegion) + ")");
            }
            if (arns.contains(arn)) {
                throw new IllegalArgumentException(path + "[" + i + "]: " + value + " is listed twice");
            }
            arns.add(arn);
        }
        return List.copyOf(arns);
    }
}
