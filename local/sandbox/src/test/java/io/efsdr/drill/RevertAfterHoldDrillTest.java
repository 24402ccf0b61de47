package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A stop undone after the hold: a Flux Kustomization re-applies the primary's replicas at its
 * interval (300 s), while the failover waits for its final sync (the replication trails by 400 s).
 * Judged by the sandbox's ground truth and the controllers' own journal.
 */
class RevertAfterHoldDrillTest {
    private static final String FLUX_DURING_FINAL_SYNC = """
      {"replicationLagSeconds": 400,
       "plan": {"timeouts": {"finalSyncSeconds": 1200}},
       "workloads": [{"name": "web", "activeReplicas": 2, "standbyReplicas": 0}],
       "controllers": [{"kind": "flux", "workload": "shop/Deployment/web", "revertAfterSeconds": 300}]}
      """;

    @Test
    void failover_whenFluxRevertsThePrimaryDuringTheFinalSyncAndAgainAfterTheRestop_neverPromotesWhileItWrites() {
        try (DrillHarness h = new DrillHarness(FLUX_DURING_FINAL_SYNC)) {
            DrillReport report = h.failover();

            var primary = report.fin().regions().get("us-east-1");
            var web = primary.workloads().stream()
                    .filter(w -> w.name().equals("web"))
                    .findFirst()
                    .orElseThrow();
            assertAll(
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds(), h.printed()),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Promote DR File System", report.failedState(), h.printed()),
                    () -> assertTrue(report.error().contains("can still write"), report.error()),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Stop Primary Again")),
                            "the first revert was caught and the primary stopped again"),
                    () -> assertFalse(
                            report.steps().stream().anyMatch(s -> s.name().equals("Check Promotion")),
                            "nothing was promoted"),
                    () -> assertEquals(2, web.revertedBy().size(), web::toString),
                    () -> assertEquals("flux", web.revertedBy().get(0).controller()));
        }
    }
}
