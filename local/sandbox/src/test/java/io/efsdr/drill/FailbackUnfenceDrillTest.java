package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.kubernetes.PodLifetime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failback gives the primary back to production: the write fence put on by the graceful
 * failover (or by the split-brain guard) comes off in its clean-up, and EFS applies the removal to
 * new mounts only once it has propagated ({@code policyPropagationSeconds}). A primary pod that
 * mounts before then is refused writes for its whole life, so the failback starts the primary's
 * pods only after {@code timeouts.fencePropagationSeconds}. Judged by the sandbox's ground truth
 * ({@code Sandbox.podMayWrite}), in a world where everything else in the failback is quick.
 */
class FailbackUnfenceDrillTest {
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String FAST_FAILBACK = "{\"replicationLagSeconds\": 2, \"promotionDelaySeconds\": 2,"
            + " \"readinessDelaySeconds\": 2, \"terminationGraceSeconds\": 2, \"policyPropagationSeconds\": 180}";

    @Test
    void cycle_withAQuickFailback_everyPrimaryPodCanWriteOnceItIsOver() {
        try (DrillHarness h = new DrillHarness(FAST_FAILBACK)) {
            DrillReport report = h.drill.cycle(h.sandbox);

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertFalse(h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS), "the fence is off");
            Instant removed = h.sandbox
                    .aws()
                    .efs()
                    .writeFenceHistory(PRIMARY_FS)
                    .getLast()
                    .to();
            List<PodLifetime> running = h.sandbox.primaryCluster().podLifetimes().stream()
                    .filter(p -> p.goneAt() == null)
                    .toList();
            assertFalse(running.isEmpty(), "the primary serves again");
            running.forEach(p -> assertTrue(
                    h.sandbox.podMayWrite(PRIMARY_FS, p),
                    p + " is refused writes: created before the fence's removal at " + removed + " had propagated\n"
                            + h.printed()));
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            String complete = report.notifications().getLast().message();
            assertTrue(complete.contains("removed the write fence from " + PRIMARY_FS), complete);
        }
    }
}
