package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.kubernetes.PodLifetime;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failback's write fence on the DR file system (issue 20, point 2 mirrored): the world of
 * {@code local/scenarios/regressions/failback-untracked-argocd-in-dr.json} as it is, an Argo CD the
 * orchestrator cannot see ({@code tracked: false}) scaling a DR workload back up 123 s after the
 * quiesce. Without a fence on DR its pods wrote to the DR file system, a former replication source
 * and writable, after the primary was promoted: split brain, and writes lost when re-protection
 * overwrote DR, while the failback reported "0 s, proven". Judged by the sandbox's ground truth.
 */
class FailbackDrFenceDrillTest {
    private static final String DR_FS = "fs-0fedcba9876543210";

    @Test
    void failback_whenAnUntrackedControllerScalesDrUpAfterTheQuiesce_noSplitBrainAndDrCanWriteAtTheEnd()
            throws Exception {
        String finding = Files.readString(ExecutionRunner.projectRoot()
                .resolve("local/scenarios/regressions/failback-untracked-argocd-in-dr.json"));
        try (DrillHarness h = new DrillHarness(finding)) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

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
                            "reported " + report.dataLossWindowSeconds() + " s, lost " + lost + " s: " + h.printed()),
                    () -> assertTrue(
                            report.steps().stream().anyMatch(s -> s.name().equals("Fence DR File System")),
                            "DR was write-fenced: " + h.printed()));
        }
    }

    /** A failback that completes: the fence on DR is off, its removal propagated, before DR's standby pods start. */
    @Test
    void failback_withAWarmStandby_takesTheDrFenceOffBeforeDrPodsStartAndTheyCanWrite() {
        String world = "{\"activeSide\": \"dr\", \"workloads\": [{\"namespace\": \"shop\", \"kind\": \"Deployment\","
                + " \"name\": \"w1\", \"activeReplicas\": 2, \"standbyReplicas\": 1}]}";
        try (DrillHarness h = new DrillHarness(world)) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertFalse(h.sandbox.aws().efs().isWriteFenced(DR_FS), "DR's fence is off at the end");
            assertFalse(h.sandbox.aws().efs().writeFenceHistory(DR_FS).isEmpty(), "DR was fenced during the failback");
            List<PodLifetime> drPods = h.sandbox.drCluster().podLifetimes().stream()
                    .filter(p -> p.goneAt() == null)
                    .toList();
            assertFalse(drPods.isEmpty(), "DR runs its standby replica");
            drPods.forEach(p -> assertTrue(
                    h.sandbox.podMayWrite(DR_FS, p),
                    p + " is refused writes on DR: it mounted while the fence was in effect\n" + h.printed()));
        }
    }
}
