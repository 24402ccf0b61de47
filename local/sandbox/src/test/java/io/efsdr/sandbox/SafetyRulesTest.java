package io.efsdr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.sandbox.arc.SafetyRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario's ARC safety rules, Route 53 record and hanging endpoints: parsed strictly, evaluated as ARC does. */
class SafetyRulesTest {
    private static final String EAST = Sandbox.routingControlArn("us-east-1");
    private static final String WEST = Sandbox.routingControlArn("us-west-2");

    private static Scenario parse(String json) throws Exception {
        return Scenario.parse(Json.MAPPER.readTree(json), null);
    }

    private static String refused(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }

    @Test
    void parse_whenRulesNameControlsByRegionOrArn_expectArnsAndDocumentedDefaults() throws Exception {
        Scenario scenario = parse("{\"routingControlSafetyRules\": [{\"AssertionRule\": {\"AssertedControls\": "
                + "[\"us-east-1\", \"" + WEST + "\"], \"RuleConfig\": {\"Type\": \"ATLEAST\"}}}]}");

        SafetyRule rule = scenario.routingControlSafetyRules().getFirst();
        assertEquals(List.of(EAST, WEST), rule.controls());
        assertEquals(5000, rule.waitPeriodMs());
        assertEquals(1, rule.threshold());
        assertFalse(rule.inverted());
        assertEquals("rule-1", rule.name());
        assertTrue(rule.arn().startsWith(Sandbox.CONTROL_PANEL + "/safetyrule/"), rule.arn());
    }

    @Test
    void parse_whenANestedFieldIsUnknown_expectItsPathNamed() {
        assertTrue(refused(
                        "{\"routingControlSafetyRules\": [{\"GatingRule\": {\"GatingControls\": [\"us-east-1\"], "
                                + "\"TargetControls\": [\"us-west-2\"], \"RuleConfig\": {\"Type\": \"OR\", \"Treshold\": 1}}}]}")
                .startsWith(
                        "scenario.routingControlSafetyRules[0].GatingRule.RuleConfig.Treshold: is not a known field"));
        assertTrue(refused("{\"routingControlSafetyRules\": [{\"GateRule\": {}}]}")
                .startsWith("scenario.routingControlSafetyRules[0].GateRule: is not a known field"));
        assertTrue(
                refused("{\"routingControlSafetyRules\": [{\"AssertionRule\": {\"AssertedControls\": [\"eu-west-1\"], "
                                + "\"RuleConfig\": {\"Type\": \"OR\"}}}]}")
                        .startsWith(
                                "scenario.routingControlSafetyRules[0].AssertionRule.AssertedControls[0]: eu-west-1 is not"));
        assertTrue(refused("{\"route53RecordSet\": {\"alias\": true, \"policy\": \"weighted\"}}")
                .startsWith("scenario.route53RecordSet.policy: is not a known field"));
        assertTrue(refused("{\"routingControlEndpointsDown\": 4, \"routingControlEndpointsHanging\": 2}")
                .startsWith("scenario.routingControlEndpointsHanging:"));
    }

    @Test
    void holds_expectArcRuleConfigSemantics() {
        Map<String, String> eastOn = Map.of(EAST, "On", WEST, "Off");
        SafetyRule atLeastOne =
                new SafetyRule("arn", "r", false, List.of(), List.of(EAST, WEST), "ATLEAST", 1, false, 0);
        SafetyRule and = new SafetyRule("arn", "r", false, List.of(), List.of(EAST, WEST), "AND", 1, false, 0);
        SafetyRule orInverted = new SafetyRule("arn", "r", true, List.of(EAST), List.of(WEST), "OR", 1, true, 0);

        assertTrue(atLeastOne.holds(atLeastOne.controls(), eastOn));
        assertFalse(atLeastOne.holds(atLeastOne.controls(), Map.of(EAST, "Off", WEST, "Off")));
        assertFalse(and.holds(and.controls(), eastOn));
        assertFalse(orInverted.holds(orInverted.gatingControls(), eastOn));
        assertTrue(orInverted.holds(orInverted.gatingControls(), Map.of(EAST, "Off", WEST, "On")));
    }
}
