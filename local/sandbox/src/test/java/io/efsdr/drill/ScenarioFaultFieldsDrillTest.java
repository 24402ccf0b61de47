package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.drill.fuzz.WorldState;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenario fields that make the world hostile mid-run (issue 21): {@code crashes} (a handler's
 * runtime dies in a named state), {@code redrive} (the drill redrives a FAILED run once its faults
 * are gone) and {@code primaryLostAfterSeconds} (the primary region goes away during the run).
 * Judged by the sandbox: the final world as the stand-ins hold it, and the ground truth.
 */
class ScenarioFaultFieldsDrillTest {
    private static final String WORLD = "{\"workloads\": [{\"namespace\": \"shop\", \"kind\": \"StatefulSet\", "
            + "\"name\": \"db\", \"activeReplicas\": 2}, {\"namespace\": \"shop\", \"kind\": \"Deployment\", "
            + "\"name\": \"web\", \"activeReplicas\": 1}]";

    /** The world a failover without crashes leaves, and its ground truth. */
    private static Ended reference() {
        try (DrillHarness h = new DrillHarness(WORLD + "}")) {
            DrillReport report = h.failover();
            assertEquals("SUCCEEDED", report.status(), h.printed());
            return new Ended(WorldState.of(h.sandbox), report.groundTruth());
        }
    }

    private record Ended(WorldState world, DrillReport.GroundTruthView truth) {}

    @Test
    void failover_whenTheRuntimeCrashesInAStateWithinItsRetries_endsInTheWorldOfARunWithoutTheCrash() {
        Ended reference = reference();
        try (DrillHarness h =
                new DrillHarness(WORLD + ", \"crashes\": [{\"state\": \"Fence Primary Region\", \"times\": 2}]}")) {
            DrillReport report = h.failover();

            DrillReport.Step fence = report.steps().stream()
                    .filter(s -> s.name().equals("Fence Primary Region"))
                    .findFirst()
                    .orElseThrow();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(2, fence.retries(), "each crash is retried as Lambda.Unknown"),
                    () -> assertEquals(0, report.redrives()),
                    () -> assertEquals(reference.world(), WorldState.of(h.sandbox)),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds()),
                    () -> assertEquals(
                            reference.truth().lostWriteSeconds(),
                            report.groundTruth().lostWriteSeconds(),
                            1.0));
        }
    }

    @Test
    void failover_whenTheRuntimeCrashesMoreOftenThanTheRetriesAndTheScenarioRedrives_endsInTheSameWorld() {
        Ended reference = reference();
        try (DrillHarness h = new DrillHarness(
                WORLD + ", \"crashes\": [{\"state\": \"Promote DR File System\", \"times\": 4}], \"redrive\": true}")) {
            DrillReport report = h.failover();

            DrillReport.Step promote = report.steps().stream()
                    .filter(s -> s.name().equals("Promote DR File System"))
                    .findFirst()
                    .orElseThrow();
            long deletes = h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                    .filter(AwsCall::succeeded)
                    .count();
            assertAll(
                    () -> assertEquals(
                            1, report.redrives(), "the crashes outlast the step's 3 retries: " + h.printed()),
                    () -> assertEquals(3, promote.retries(), "crashes 1 to 3 retried, the 4th failed the run"),
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(1, deletes, "every retry and the redrive found the deletion under way"),
                    () -> assertEquals(reference.world(), WorldState.of(h.sandbox)),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds()),
                    () -> assertEquals(
                            reference.truth().lostWriteSeconds(),
                            report.groundTruth().lostWriteSeconds(),
                            1.0));
        }
    }

    @Test
    void failover_whenThePrimaryRegionIsLostMidRun_endsWithoutSplitBrainAndReportsNoLessThanWasLost() {
        try (DrillHarness h = new DrillHarness(WORLD + ", \"primaryLostAfterSeconds\": 120}")) {
            Sandbox sandbox = h.sandbox;
            Instant lostAt = sandbox.primaryLostAt();
            DrillReport report = h.failover();

            List<ApiCall> afterLoss = sandbox.primaryCluster().calls().stream()
                    .filter(c -> !c.at().isBefore(lostAt))
                    .toList();
            double lost = report.groundTruth().lostWriteSeconds();
            assertAll(
                    () -> assertTrue(sandbox.primaryDown(), "the primary is down at the end"),
                    () -> assertTrue(
                            sandbox.clock().instant().isAfter(lostAt), "the run outlasted the loss: " + h.printed()),
                    () -> assertTrue(
                            afterLoss.stream().allMatch(c -> c.status() < 200 || c.status() >= 300),
                            "no call to the primary cluster succeeded after the loss: " + afterLoss),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                    () -> assertTrue(
                            report.dataLossWindowSeconds() == null || report.dataLossWindowSeconds() >= lost - 1,
                            "window " + report.dataLossWindowSeconds() + " s, lost " + lost + " s"),
                    () -> assertFalse(
                            lost > 0 && Boolean.TRUE.equals(report.dataLossProven()),
                            "a window is never proven while writes were lost: " + lost));
        }
    }
}
