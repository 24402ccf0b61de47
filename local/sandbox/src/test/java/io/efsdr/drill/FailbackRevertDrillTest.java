package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A failback whose quiesce is undone after its hold (the world of
 * {@code local/scenarios/regressions/failback-untracked-argocd-in-dr.json}, healing at 60 s instead of
 * 123 s: before the delete; a heal after the delete needs a DR write fence, still open): an Argo CD the orchestrator cannot see
 * ({@code tracked: false}) scales a DR workload back up while the failback waits for its final
 * sync or promotes the primary. Judged by the sandbox's ground truth: the failback never reports a
 * proven window when writes were lost, never reports less than was lost, and two regions never
 * write at once.
 */
class FailbackRevertDrillTest {
    private static String finding() throws Exception {
        return Files.readString(ExecutionRunner.projectRoot()
                .resolve("local/scenarios/regressions/failback-untracked-argocd-in-dr.json"));
    }

    /** The same controller healing during the final-sync wait: the promote step's re-read catches it. */
    @Test
    void failback_whenDrIsScaledBackUpDuringTheFinalSyncWait_stopsDrAgainAndNeverPromotesOverAWriter()
            throws Exception {
        try (DrillHarness h =
                new DrillHarness(finding().replace("\"revertAfterSeconds\": 123", "\"revertAfterSeconds\": 60"))) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            judged(h, report);
            assertTrue(
                    report.steps().stream().anyMatch(s -> s.name().equals("Stop DR Again")),
                    "the revert was caught before the delete and DR stopped again: " + h.printed());
            assertFalse(
                    report.steps().stream().anyMatch(s -> s.name().equals("Check Primary Promotion")),
                    "nothing was promoted while DR kept being scaled back up: " + h.printed());
        }
    }

    private static void judged(DrillHarness h, DrillReport report) {
        double lost = report.groundTruth().lostWriteSeconds();
        assertAll(
                () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                () -> assertFalse(
                        lost > 0 && Boolean.TRUE.equals(report.dataLossProven()),
                        "proven while the ground truth lost " + lost + " s: " + h.printed()),
                () -> assertTrue(
                        lost == 0
                                || (report.dataLossWindowSeconds() != null
                                        && report.dataLossWindowSeconds() >= lost - 1),
                        "reported " + report.dataLossWindowSeconds() + " s, lost " + lost + " s: " + h.printed()));
    }
}
