package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.AwsCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code local/drill sequence}: several workflows in one world, judged by the sandbox's ground
 * truth; overlapping executions share one clock (issue 21, point 1).
 */
class SequenceDrillTest {
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String DR_FS = "fs-0fedcba9876543210";

    private static SequenceReport.Step step(String workflow) {
        return new SequenceReport.Step(workflow, null);
    }

    @Test
    void sequence_failoverThenFailbackThenReadiness_endsWithThePrimaryServingAndNothingLost() {
        try (DrillHarness h = new DrillHarness("{\"workloadCount\": 2}")) {
            SequenceReport report =
                    h.drill.sequence(h.sandbox, List.of(step("failover"), step("failback"), step("readiness")));

            var primary = report.fin().regions().get("us-east-1").fileSystem();
            var dr = report.fin().regions().get("us-west-2").fileSystem();
            assertAll(
                    () -> assertEquals(
                            List.of("failover", "failback", "readiness"),
                            report.runs().stream().map(DrillReport::workflow).toList()),
                    () -> assertEquals(
                            List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED"),
                            report.runs().stream().map(DrillReport::status).toList(),
                            h.printed()),
                    () -> assertEquals("SUCCEEDED", report.status()),
                    () -> assertEquals(PRIMARY_FS, report.groundTruth().servingFileSystemId()),
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds(), report.toString()),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), report.toString()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertTrue(primary.writable()),
                    () -> assertFalse(dr.writable(), "DR is a replica again"),
                    () -> assertEquals(PRIMARY_FS, primary.replication().sourceFileSystemId()),
                    () -> assertEquals(DR_FS, primary.replication().destinationFileSystemId()),
                    () -> assertTrue(
                            h.sandbox.primaryCluster().workloads().stream().allMatch(w -> w.replicas() > 0),
                            "the primary runs the workloads"),
                    () -> assertTrue(
                            h.sandbox.drCluster().workloads().stream().allMatch(w -> w.replicas() == 0),
                            "DR is back on standby"));
        }
    }

    @Test
    void sequence_whenTheFailoverFails_goesOnWithTheNextRunAsAnOperatorWould() {
        // The failover cannot read the plan (every SSM GetParameter fails in run 1 only), so it fails;
        // the sequence goes on, and the second failover, without that fault, succeeds.
        String scenario = "{\"workloadCount\": 1, \"faults\": [{\"service\": \"ssm\", \"operation\": \"GetParameter\","
                + " \"error\": \"5xx\", \"runs\": [1]}]}";
        try (DrillHarness h = new DrillHarness(scenario)) {
            SequenceReport report = h.drill.sequence(h.sandbox, List.of(step("failover"), step("failover")));

            assertAll(
                    () -> assertEquals(
                            List.of("FAILED", "SUCCEEDED"),
                            report.runs().stream().map(DrillReport::status).toList(),
                            h.printed()),
                    () -> assertEquals("FAILED", report.status()),
                    () -> assertEquals(DR_FS, report.groundTruth().servingFileSystemId()),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable(DR_FS)));
        }
    }

    @Test
    void sequence_whenAFaultIsLimitedToRunTwo_hitsRunTwoOnly() {
        // Run 2 (a second failover, after the first) cannot read the plan; run 1 never meets that
        // fault, and makes the promotion.
        String scenario = "{\"workloadCount\": 1, \"faults\": [{\"service\": \"ssm\", \"operation\": \"GetParameter\","
                + " \"error\": \"5xx\", \"runs\": [2]}]}";
        try (DrillHarness h = new DrillHarness(scenario)) {
            SequenceReport report = h.drill.sequence(h.sandbox, List.of(step("failover"), step("failover")));

            DrillReport first = report.runs().get(0);
            DrillReport second = report.runs().get(1);
            List<AwsCall> failedReads = h.sandbox.aws().calls().of("ssm", "GetParameter").stream()
                    .filter(c -> c.fault() != null)
                    .toList();
            assertAll(
                    () -> assertEquals("SUCCEEDED", first.status(), h.printed()),
                    () -> assertEquals("FAILED", second.status(), h.printed()),
                    () -> assertFalse(failedReads.isEmpty(), "the fault hit run 2"),
                    () -> assertTrue(
                            failedReads.stream().allMatch(c -> !c.at().isBefore(startOfRun(h, report, 1))),
                            "no call of run 1 failed: " + failedReads));
        }
    }

    /** The start of run {@code index} (0-based), as the Step Functions model recorded its execution. */
    private static java.time.Instant startOfRun(DrillHarness h, SequenceReport report, int index) {
        return h.sandbox.aws().stepFunctions().executions().stream()
                .map(e -> e.startDate())
                .sorted()
                .toList()
                .get(index);
    }

    @Test
    void sequence_whenTwoExecutionsOverlap_theClockMovesByTheLongerWaitNotTheSum() {
        // Both failovers wait for an approval that times out after 3600 s (the final sync cannot be
        // proven within 300 s with a 900 s sync cadence); the second starts 600 s after the first.
        // One clock for both: the sequence takes about 600 + 3600 s, not 3600 + 3600 s.
        String scenario = "{\"syncIntervalSeconds\": 900, \"replicationLagSeconds\": 60, \"workloadCount\": 1,"
                + " \"plan\": {\"timeouts\": {\"finalSyncSeconds\": 300}}, \"approvals\": [\"timeout\", \"timeout\"]}";
        try (DrillHarness h = new DrillHarness(scenario)) {
            SequenceReport report =
                    h.drill.sequence(h.sandbox, List.of(step("failover"), new SequenceReport.Step("failover", 600L)));

            assertAll(
                    () -> assertEquals(
                            List.of("FAILED", "FAILED"),
                            report.runs().stream().map(DrillReport::status).toList(),
                            h.printed()),
                    () -> assertTrue(report.sandboxSeconds() >= 600 + 3600, report.sandboxSeconds() + " s"),
                    () -> assertTrue(
                            report.sandboxSeconds() < 3600 + 3600,
                            "the two waits did not add up: " + report.sandboxSeconds() + " s"));
        }
    }
}
