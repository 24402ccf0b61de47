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
}
