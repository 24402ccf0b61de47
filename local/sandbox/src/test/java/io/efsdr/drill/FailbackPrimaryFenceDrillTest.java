package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.EfsModel.Interval;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The primary's write fence during a failback (a world generator's finding: {@code
 * local/scenarios/regressions/failback-unplanned-writer-after-unfence.json}; CI seeds 1059 and 1088,
 * {@code local/scenarios/regressions/cycle-unplanned-writer-after-unfence*.json}). After a graceful
 * failover the primary file system is a former replication source, writable and write-fenced. The
 * failback's clean-up used to remove that fence, and once the removal had propagated the primary was
 * writable and unfenced while DR still served, until the reverse replication made it read-only (at
 * least the 10 s hold of "Check Primary Stopped"): a writer outside the plan on the primary that
 * connected then wrote there, and the reverse replication overwrote it, while the failback reported
 * its window as proven. The fence now stays on until the primary is a replication destination.
 * Judged by the sandbox's ground truth and its record of the file system's policy and writability.
 */
class FailbackPrimaryFenceDrillTest {
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";

    /** As the finding, with a writer outside the plan that connects every 5 s: it finds any unfenced moment. */
    private static final String WORLD = "{\"activeSide\": \"dr\", \"workloads\": [{\"namespace\": \"shop\","
            + " \"kind\": \"Deployment\", \"name\": \"w0\", \"activeReplicas\": 3}],"
            + " \"unplannedWriters\": [{\"name\": \"reports/CronJob/export\", \"everySeconds\": 5,"
            + " \"runSeconds\": 5}]}";

    @Test
    void failback_withAWriterOutsideThePlanOnThePrimary_itNeverWritesWhileDrServes() {
        try (DrillHarness h = new DrillHarness(WORLD)) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            double lost = report.groundTruth().lostWriteSeconds();
            List<Interval> fence = h.sandbox.aws().efs().writeFenceHistory(PRIMARY_FS);
            Instant removed = fence.isEmpty() ? null : fence.getLast().to();
            List<Interval> writable = h.sandbox.aws().efs().writableHistory(PRIMARY_FS);
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed()),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                    () -> assertEquals(0.0, lost, "writes lost on the primary: " + h.printed()),
                    () -> assertTrue(removed != null, "the primary's fence came off: " + fence),
                    () -> assertFalse(
                            writable.stream().anyMatch(w -> removed != null && contains(w, removed)),
                            "the fence came off at " + removed + " while the primary file system was writable "
                                    + writable + "\n" + h.printed()));
            List<PodLifetime> running = h.sandbox.primaryCluster().podLifetimes().stream()
                    .filter(p -> p.goneAt() == null)
                    .toList();
            assertFalse(running.isEmpty(), "the primary serves again");
            running.forEach(p -> assertTrue(
                    h.sandbox.podMayWrite(PRIMARY_FS, p),
                    p + " is refused writes: created before the fence's removal at " + removed + " had propagated"));
        }
    }

    private static boolean contains(Interval span, Instant at) {
        return !at.isBefore(span.from()) && (span.to() == null || at.isBefore(span.to()));
    }
}
