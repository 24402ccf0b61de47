package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The platform's own limits: the largest plan the validator accepts (5,000 workloads) must run
 * with every state under Step Functions' 262,144 bytes, and the plan must fit an SSM parameter.
 */
class LimitsDrillTest {
    private static final String DR = "us-west-2";
    private static final long STATE_LIMIT = 262_144;

    @Test
    void failover_with5000Workloads_succeedsWithEveryStateUnderTheStepFunctionsLimit() {
        String scenario = """
        {"workloadCount": 5000, "readinessDelaySeconds": 1, "terminationGraceSeconds": 1,
         "plan": {"timeouts": {"fencingSeconds": 90}}}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            JsonNode stored = tree(h.sandbox
                    .aws()
                    .ssm()
                    .get(DR, Sandbox.PLAN_PARAMETER)
                    .orElseThrow()
                    .value());
            assertFalse(
                    stored.path("workloads").has("items"),
                    "5,000 items do not fit an SSM parameter: the plan selects them");

            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.maxStateBytes() > 0 && report.maxStateBytes() < STATE_LIMIT,
                    "largest state " + report.maxStateBytes());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            var drWorkloads = report.fin().regions().get(DR).workloads();
            assertEquals(5000, drWorkloads.size());
            drWorkloads.forEach(w -> assertTrue(w.replicas() > 0 && w.readyReplicas() == w.replicas(), w.name()));
            report.fin()
                    .regions()
                    .get("us-east-1")
                    .workloads()
                    .forEach(w -> assertEquals(0, w.replicas(), "primary fenced"));
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void plan_whenTheScenarioGivesPlan_mergesItOverTheGeneratedPlan() {
        Scenario scenario = Scenario.parse(tree("""
        {"workloadCount": 3, "plan": {"timeouts": {"promotionSeconds": 21600}, "rpoSeconds": 60}}
        """), null);

        JsonNode plan = scenario.plan();

        assertEquals(21600, plan.path("timeouts").path("promotionSeconds").asInt());
        assertEquals(60, plan.path("rpoSeconds").asInt());
        assertEquals("efs-sc", plan.path("storageClass").path("name").asText(), "the rest of the generated plan stays");
        assertEquals(3, plan.path("workloads").path("items").size(), "a small world lists its workloads");
    }

    @Test
    void start_whenTheScenariosPlanIsOverTheAdvancedTier_failsAsSsmRefusesIt() {
        Scenario scenario = Scenario.parse(tree("{\"plan\": {\"application\": \"" + "x".repeat(9000) + "\"}}"), null);

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> Sandbox.start(scenario).close());

        assertTrue(
                refused.getMessage()
                        .contains("ValidationException: Advanced tier parameters support a maximum parameter value"
                                + " of 8192 characters"),
                refused.getMessage());
    }
}
