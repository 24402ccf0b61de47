package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a region-down failover the old primary comes back with its pods still running: the
 * split-brain guard, fired by its schedule only while a fence is pending, stops them and
 * write-fences the old file system; a failback afterwards removes the fence.
 */
class SplitBrainGuardDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String SCENARIO =
            "{\"primaryReachable\": false, \"primaryReturnsAfterSeconds\": 600, \"observeSeconds\": 1800}";
    /** The guard's interval plus the pods' termination grace (scenario default 30 s), with a step of slack. */
    private static final double BOUND_SECONDS = 60 + 30 + 10;

    @Test
    void failover_whenThePrimaryReturnsWithItsPods_theGuardStopsThemAndWriteFencesItsFileSystem() {
        try (DrillHarness h = new DrillHarness(SCENARIO)) {
            DrillReport report = h.failover();

            List<DrillReport.NotificationView> guard = report.notifications().stream()
                    .filter(n -> n.subject().startsWith("DR guard"))
                    .toList();
            DrillReport.RegionView primary = report.fin().regions().get(PRIMARY);
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(
                            primary.workloads().stream().allMatch(w -> w.replicas() == 0),
                            primary.workloads().toString()),
                    () -> assertEquals(0, h.sandbox.primaryCluster().runningReplicas()),
                    () -> assertTrue(primary.fileSystem().writeFenced(), h.printed()),
                    () -> assertFalse(
                            report.fin().regions().get(DR).fileSystem().writeFenced()),
                    () -> assertTrue(
                            report.groundTruth().splitBrainSeconds() > 0,
                            "the pods wrote until the guard stopped them"),
                    () -> assertTrue(
                            report.groundTruth().splitBrainSeconds() <= BOUND_SECONDS,
                            report.groundTruth().splitBrainSeconds() + " s of split brain\n" + h.printed()),
                    () -> assertEquals(1, guard.size(), guard.toString()),
                    () -> assertTrue(
                            guard.getFirst().subject().contains("3 workloads stopped, file system write-fenced"),
                            guard.getFirst().subject()),
                    () -> assertFalse(
                            h.sandbox
                                    .aws()
                                    .events()
                                    .rule(DR, Sandbox.GUARD_RULE)
                                    .orElseThrow()
                                    .enabled(),
                            "the guard disabled its schedule"));
        }
    }

    @Test
    void cycle_afterTheGuardFenced_failsBackAndLeavesNoFence() {
        try (DrillHarness h = new DrillHarness(SCENARIO)) {
            DrillReport report = h.drill.cycle(h.sandbox);

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertFalse(h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS), h.printed()),
                    () -> assertFalse(
                            report.fin().regions().get(PRIMARY).fileSystem().writeFenced()),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable(PRIMARY_FS)),
                    () -> assertTrue(report.fin().regions().get(PRIMARY).workloads().stream()
                            .allMatch(w -> w.replicas() > 0)));
        }
    }

    @Test
    void failover_whenThePrimaryStaysDown_theGuardWaitsAndTheFenceStaysPending() {
        try (DrillHarness h = new DrillHarness("{\"primaryReachable\": false, \"observeSeconds\": 300}")) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(h.sandbox
                            .aws()
                            .events()
                            .rule(DR, Sandbox.GUARD_RULE)
                            .orElseThrow()
                            .enabled()),
                    () -> assertTrue(report.notifications().stream()
                            .noneMatch(n -> n.subject().startsWith("DR guard"))),
                    () -> assertTrue(h.printed().contains("does not answer yet"), h.printed()));
        }
    }

    /**
     * A graceful failover stops the primary; a Flux Kustomization there re-applies Git's replicas at
     * its interval (600 s), long after the stop's hold and the failover. Without the guard's watch
     * the old primary's pods would write to its file system while DR serves. The plan turns the GitOps
     * hand-over off (issue 22), which would otherwise keep Flux from reverting: the watch is for what the
     * orchestrator does not hand over.
     */
    private static final String REVERTED_AFTER_THE_RUN =
            "{\"observeSeconds\": 1400, \"controllers\": [{\"kind\": \"flux\", \"workload\": \"*\","
                    + " \"revertAfterSeconds\": 600}], \"plan\": {\"gitops\": {\"handover\": false}}}";

    @Test
    void failover_whenAControllerRevertsThePrimaryAfterTheRun_theWatchingGuardStopsItAgainOncePerRevert() {
        try (DrillHarness h = new DrillHarness(REVERTED_AFTER_THE_RUN)) {
            DrillReport report = h.failover();

            List<Double> reverts = revertTimes(report);
            List<DrillReport.NotificationView> restopped = report.notifications().stream()
                    .filter(n ->
                            n.subject().startsWith("DR guard") && n.subject().contains("scaled back up"))
                    .toList();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(2, reverts.size(), "Flux reverted at its interval, twice: " + reverts),
                    () -> assertEquals(reverts.size(), restopped.size(), restopped + "\n" + h.printed()),
                    () -> assertEquals(0, h.sandbox.primaryCluster().runningReplicas(), h.printed()),
                    () -> assertTrue(
                            report.groundTruth().splitBrainSeconds() <= reverts.size() * BOUND_SECONDS,
                            report.groundTruth().splitBrainSeconds() + " s of split brain\n" + h.printed()),
                    () -> assertTrue(
                            h.sandbox
                                    .aws()
                                    .events()
                                    .rule(DR, Sandbox.GUARD_RULE)
                                    .orElseThrow()
                                    .enabled(),
                            "the guard keeps watching until a failback"));
        }
    }

    @Test
    void cycle_afterTheWatchingGuardStoppedReverts_failsBackAndEndsTheWatch() {
        try (DrillHarness h = new DrillHarness(REVERTED_AFTER_THE_RUN)) {
            DrillReport report = h.drill.cycle(h.sandbox);

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(
                            report.notifications().stream()
                                    .anyMatch(n -> n.subject().contains("scaled back up")),
                            "the guard watched between the runs: " + report.notifications()),
                    () -> assertFalse(
                            h.sandbox
                                    .aws()
                                    .events()
                                    .rule(DR, Sandbox.GUARD_RULE)
                                    .orElseThrow()
                                    .enabled(),
                            "the failback's clean-up disabled the guard's rule"),
                    () -> assertTrue(
                            report.steps().stream()
                                    .anyMatch(s -> s.name().equals("failback: Clean Up Stale Replication")),
                            h.printed()),
                    () -> assertTrue(
                            report.fin().regions().get(PRIMARY).workloads().stream()
                                    .allMatch(w -> w.replicas() > 0),
                            "the guard no longer stops the primary once it serves again"),
                    () -> assertTrue(h.sandbox.primaryCluster().runningReplicas() > 0, h.printed()));
        }
    }

    /**
     * The times Flux reverted the primary's first workload, from its own journal (it reverts all
     * three within the same second, each a few milliseconds after the other).
     */
    private static List<Double> revertTimes(DrillReport report) {
        return report.fin().regions().get(PRIMARY).workloads().getFirst().revertedBy().stream()
                .map(DrillReport.Revert::at)
                .toList();
    }

    @Test
    void failover_whenThePrimaryAnswers_theGuardOnlyWatches() {
        try (DrillHarness h = new DrillHarness("{\"observeSeconds\": 300}")) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(h.sandbox
                            .aws()
                            .events()
                            .rule(DR, Sandbox.GUARD_RULE)
                            .orElseThrow()
                            .enabled()),
                    () -> assertTrue(report.notifications().stream()
                            .noneMatch(n -> n.subject().startsWith("DR guard"))),
                    () -> assertTrue(h.printed().contains("are still at zero"), h.printed()));
        }
    }
}
