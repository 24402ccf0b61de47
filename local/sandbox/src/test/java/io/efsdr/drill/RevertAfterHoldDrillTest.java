package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A stop undone after the hold: a Flux Kustomization re-applies the primary's replicas at its
 * interval (300 s), while the failover waits for its final sync (the replication trails by 400 s).
 * The plan turns the GitOps hand-over off (issue 22), which would keep Flux from reverting: the
 * re-read is for what the orchestrator does not hand over.
 * Judged by the sandbox's ground truth and the controllers' own journal.
 */
class RevertAfterHoldDrillTest {
    private static final String FLUX_DURING_FINAL_SYNC = """
      {"replicationLagSeconds": 400,
       "plan": {"timeouts": {"finalSyncSeconds": 1200}, "gitops": {"handover": false}},
       "workloads": [{"name": "web", "activeReplicas": 2, "standbyReplicas": 0}],
       "controllers": [{"kind": "flux", "workload": "shop/Deployment/web", "revertAfterSeconds": 300}]}
      """;

    @Test
    void failover_whenFluxRevertsThePrimaryTwice_asksAPersonAndAnUnansweredApprovalNeverPromotes() {
        try (DrillHarness h = new DrillHarness(withFields(FLUX_DURING_FINAL_SYNC, "\"approvals\": [\"timeout\"]"))) {
            DrillReport report = h.failover();

            var web = workload(report, "us-east-1", "web");
            assertAll(
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds(), h.printed()),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Request Promotion Approval", report.failedState(), h.printed()),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Stop Primary Again")),
                            "the first revert was caught and the primary stopped again"),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Primary Window Unproven")),
                            "the second revert made the window unproven"),
                    () -> assertFalse(
                            report.steps().stream().anyMatch(s -> s.name().equals("Check Promotion")),
                            "nothing was promoted"),
                    () -> assertEquals(2, web.revertedBy().size(), web::toString),
                    () -> assertEquals("flux", web.revertedBy().get(0).controller()));
        }
    }

    @Test
    void failover_whenFluxRevertsThePrimaryTwiceAndThePlanPromotes_reportsTheWindowUnprovenAndNoSplitBrain() {
        String scenario = FLUX_DURING_FINAL_SYNC.replace(
                "\"plan\": {\"timeouts\": {\"finalSyncSeconds\": 1200},",
                "\"plan\": {\"timeouts\": {\"finalSyncSeconds\": 1200}, \"onUnprovenSync\": \"promote\",");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Stop Primary Again")),
                            "the first revert was caught and the primary stopped again"),
                    () -> assertFalse(Boolean.TRUE.equals(report.dataLossProven()), h.printed()),
                    () -> assertEquals(
                            0.0,
                            report.groundTruth().splitBrainSeconds(),
                            "the reverted pods mounted after the write fence took effect: " + h.printed()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString));
        }
    }

    private static String withFields(String scenario, String fields) {
        int open = scenario.indexOf('{');
        return scenario.substring(0, open + 1) + fields + ", " + scenario.substring(open + 1);
    }

    private static DrillReport.WorkloadView workload(DrillReport report, String region, String name) {
        return report.fin().regions().get(region).workloads().stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
