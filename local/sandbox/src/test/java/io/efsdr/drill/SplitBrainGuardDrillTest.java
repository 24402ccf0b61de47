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

    @Test
    void failover_whenThePrimaryAnswers_neverEnablesTheGuard() {
        try (DrillHarness h = new DrillHarness("{\"observeSeconds\": 300}")) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertFalse(h.sandbox
                            .aws()
                            .events()
                            .rule(DR, Sandbox.GUARD_RULE)
                            .orElseThrow()
                            .enabled()),
                    () -> assertFalse(h.printed().contains(Sandbox.GUARD_FUNCTION), h.printed()));
        }
    }
}
