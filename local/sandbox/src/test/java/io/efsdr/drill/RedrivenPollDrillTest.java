package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A redrive re-runs the failed poll with its original input, whose bound began at the first start:
 * without restarting it, a redriven poll that ran out gives up at once. Here the promotion takes
 * longer than the plan's bound (1800 s), the poll runs out, and the redrive completes it.
 */
class RedrivenPollDrillTest {
    @Test
    void failover_whenThePromotionPollRanOutAndIsRedriven_startsANewBoundAndCompletes() {
        try (DrillHarness h = new DrillHarness("{\"promotionDelaySeconds\": 2400}")) {
            DrillReport report =
                    h.drill.redriving().run(h.sandbox, "failover", Drill.input(h.sandbox.scenario(), "redrive drill"));

            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(1, report.redrives()),
                    () -> assertTrue(h.printed().contains("resumes at \"Check Promotion\""), h.printed()),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable("fs-0fedcba9876543210")),
                    () -> assertTrue(complete.contains("after redrive 1"), complete));
        }
    }

    /**
     * Pods take 90 s to become ready, the plan's readiness bound is 60 s: Check Readiness runs out and
     * the failover fails. The redrive re-runs that poll with its original input (bound passed): it
     * starts a new bound at the redrive, once, and the failover completes.
     */
    @Test
    void failover_whenTheReadinessWaitRanOutAndIsRedriven_startsANewBoundAndCompletes() {
        try (DrillHarness h = new DrillHarness(
                "{\"readinessDelaySeconds\": 90, \"plan\": {\"timeouts\": {\"readinessSeconds\": 60}}}")) {
            DrillReport report =
                    h.drill.redriving().run(h.sandbox, "failover", Drill.input(h.sandbox.scenario(), "redrive drill"));

            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(1, report.redrives()),
                    () -> assertTrue(h.printed().contains("resumes at \"Check Readiness\""), h.printed()),
                    () -> assertTrue(
                            report.fin().regions().get("us-west-2").workloads().stream()
                                    .allMatch(w -> w.readyReplicas() == w.replicas() && w.replicas() > 0),
                            "DR serves, as the sandbox sees it"),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds()),
                    () -> assertTrue(complete.contains("bound restarted at"), complete),
                    () -> assertTrue(complete.contains("after redrive 1"), complete));
        }
    }

    /** Without a redrive the same world fails at Check Readiness: the bound is the plan's. */
    @Test
    void failover_whenTheReadinessWaitRunsOutWithoutARedrive_failsAtCheckReadiness() {
        try (DrillHarness h = new DrillHarness(
                "{\"readinessDelaySeconds\": 90, \"plan\": {\"timeouts\": {\"readinessSeconds\": 60}}}")) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Check Readiness", report.failedState(), h.printed()),
                    () -> assertTrue(report.error().contains("within 60 s"), report.error()),
                    () -> assertTrue(!report.error().contains("restarted"), report.error()));
        }
    }
}
