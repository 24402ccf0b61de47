package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import org.junit.jupiter.api.Test;

/**
 * Controllers that undo a scale: readiness names the ones tracking or autoscaling the plan's
 * workloads, with the fix, and a fencing that an Argo CD self-heal undoes fails the failover
 * naming it, before the DR side is promoted.
 */
class ScalingControllersDrillTest {
    private static final String TRACKED = """
      {"workloads": [
        {"name": "web", "activeReplicas": 2, "standbyReplicas": 0},
        {"name": "api", "activeReplicas": 2, "standbyReplicas": 0, "hpaMinReplicas": 2}
      ],
       "controllers": [
        {"kind": "argocd", "workload": "shop/Deployment/web", "revertAfterSeconds": 5},
        {"kind": "argocd", "workload": "shop/Deployment/web", "region": "dr", "revertAfterSeconds": 5,
         "ignoresReplicas": true}
      ]}
      """;

    private static String check(JsonNode report, String name) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("status").asText() + " " + c.path("detail").asText();
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    @Test
    void readiness_whenAnArgoCdApplicationAndAnHpaManageTheWorkloads_warnsNamingThemAndTheFix() throws Exception {
        try (Sandbox sandbox = Sandbox.start(Scenario.parse(Json.MAPPER.readTree(TRACKED), null));
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode report = Drill.runReadiness(host);

            String workloads = check(report, "dr-workloads");
            assertAll(
                    () -> assertTrue(workloads.startsWith("WARN "), workloads),
                    () -> assertTrue(
                            workloads.contains("shop-dr shop/Deployment/web: Argo CD application shop"), workloads),
                    () -> assertTrue(
                            workloads.contains("ignoreDifferences with jsonPointers [/spec/replicas]"), workloads),
                    () -> assertTrue(workloads.contains("HorizontalPodAutoscaler shop/api (minReplicas 2"), workloads),
                    () -> assertTrue(workloads.contains("shop-primary shop/Deployment/web"), workloads),
                    () -> assertTrue(
                            check(report, "dr-cluster-access").startsWith("OK "), check(report, "dr-cluster-access")));
        }
    }

    @Test
    void failover_whenArgoCdSelfHealsThePrimaryBackUp_failsBeforePromotionNamingIt() {
        // With the hand-over off (plan gitops.handover false; issue 22): the controller keeps undoing the stop.
        String handOverOff = TRACKED.strip().substring(0, TRACKED.strip().length() - 1)
                + ", \"plan\": {\"gitops\": {\"handover\": false}}}";
        try (DrillHarness h = new DrillHarness(handOverOff)) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Check Primary Stopped", report.failedState(), h.printed()),
                    () -> assertTrue(report.error().contains("UnsafeStateException"), report.error()),
                    () -> assertTrue(report.error().contains("Argo CD application shop"), report.error()),
                    () -> assertTrue(
                            report.steps().stream().noneMatch(s -> s.name().equals("Promote DR File System")),
                            "nothing was promoted"));
        }
    }

    @Test
    void failover_whenArgoCdSelfHealsThePrimary_isHandedOverAndSucceeds() {
        try (DrillHarness h = new DrillHarness(TRACKED)) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Hand Over From GitOps")),
                            h.printed()),
                    () -> assertTrue(
                            h.sandbox.primaryCluster().workloads().stream()
                                    .allMatch(w -> w.name().equals("api") || w.replicas() == 0),
                            "the primary's web stays stopped: " + h.printed()));
        }
    }
}
