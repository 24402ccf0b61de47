package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.sandbox.aws.AwsCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graceful failover's final sync against replication that syncs on a cadence, as EFS does
 * (user guide, "Amazon EFS replication": most changes within a minute, an RPO of 15 minutes for
 * most file systems), and what the plan's {@code onUnprovenSync} does when no sync later than the
 * writers' stop comes in time. Judged by the sandbox's ground truth, not the handlers' report.
 */
class FinalSyncDrillTest {
    private static final String PRIMARY_REGION = "us-east-1";
    private static final String DR_FS = "fs-0fedcba9876543210";

    /** A sync every 15 minutes, one starting as the world (and the failover) starts. */
    private static final String CADENCE = "\"syncIntervalSeconds\": 900, \"replicationLagSeconds\": 60";

    /** A plan whose final-sync wait (5 minutes) gives up before the next sync after the stop. */
    private static String unproven(String planFields, String more) {
        return "{" + CADENCE + ", \"plan\": {\"timeouts\": {\"finalSyncSeconds\": 300}" + planFields + "}" + more + "}";
    }

    private static List<AwsCall> promotions(DrillHarness h) {
        return h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                .filter(AwsCall::succeeded)
                .toList();
    }

    private static void assertPrimaryServesAndNothingIsPromoted(DrillHarness h, DrillReport report) {
        assertAll(
                () -> assertEquals("FAILED", report.status(), h.printed()),
                () -> assertEquals(List.of(), promotions(h), "nothing promoted"),
                () -> assertFalse(h.sandbox.aws().efs().isWritable(DR_FS), "DR stays a read-only replica"),
                () -> report.fin()
                        .regions()
                        .get(PRIMARY_REGION)
                        .workloads()
                        .forEach(w -> assertTrue(w.replicas() > 0, "the primary serves again: " + w.name())),
                () -> assertEquals(
                        0.0,
                        report.groundTruth().lostWriteSeconds(),
                        report.groundTruth().toString()),
                () -> assertTrue(
                        report.invariantViolations().isEmpty(),
                        report.invariantViolations().toString()));
    }

    @Test
    void failover_onASyncCadence_provesWindowZeroOnlyOnceASyncStartedAfterTheStopHasCompleted() {
        try (DrillHarness h = new DrillHarness("{" + CADENCE + "}")) {
            Instant worldStart = h.sandbox.startedAt();

            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            Instant promoted = promotions(h).get(0).at();
            assertAll(
                    () -> assertEquals(Boolean.TRUE, report.dataLossProven(), h.printed()),
                    () -> assertEquals(0L, report.dataLossWindowSeconds()),
                    () -> assertEquals(
                            0.0,
                            report.groundTruth().lostWriteSeconds(),
                            "window 0 claimed, so nothing may be lost: " + report.groundTruth()),
                    () -> assertFalse(
                            promoted.isBefore(worldStart.plus(Duration.ofSeconds(900 + 60))),
                            "promoted at " + promoted + ", before the sync that started after the stop (at "
                                    + worldStart.plusSeconds(900) + ") completed"),
                    () -> assertTrue(
                            report.floorSeconds() >= 900 + 60,
                            "the floor counts the wait for the next sync: " + report.floorSeconds()),
                    () -> assertTrue(report.rtoSeconds() >= report.floorSeconds(), report.rtoSeconds() + " s"));
        }
    }

    @Test
    void failover_startedByAnAlarm_givesUpTheFinalSyncAtTheAlarmBound() {
        try (DrillHarness h = new DrillHarness(
                "{" + CADENCE + ", \"plan\": {\"onUnprovenSync\": \"promote\", \"rpoSeconds\": 1800}}")) {
            Instant worldStart = h.sandbox.startedAt();
            ObjectNode input = Drill.input(h.sandbox.scenario(), "alarm shop-primary-unhealthy went to ALARM");
            input.putObject("trigger")
                    .put("alarmName", "shop-primary-unhealthy")
                    .put("stateChangeTime", worldStart.toString());

            DrillReport report = h.run("failover", input);

            assertEquals("SUCCEEDED", report.status(), h.printed());
            Instant promoted = promotions(h).get(0).at();
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertTrue(
                            promoted.isBefore(worldStart.plusSeconds(900)),
                            "the wait ended at alarmFinalSyncSeconds (300 s), not finalSyncSeconds (1200 s): "
                                    + promoted),
                    () -> assertTrue(
                            promoted.isAfter(worldStart.plusSeconds(300)), "it waited the alarm bound: " + promoted),
                    () -> assertEquals(Boolean.FALSE, report.dataLossProven()),
                    () -> assertTrue(
                            report.groundTruth().lostWriteSeconds() > 0,
                            report.groundTruth().toString()),
                    () -> assertFalse(report.underReportsLoss(), report.dataLossWindowSeconds() + " s reported"),
                    () -> assertTrue(complete.contains("alarmFinalSyncSeconds"), complete));
        }
    }

    @Test
    void failover_whenTheSyncIsUnprovenAndThePlanSaysAbort_leavesThePrimaryServingAndNothingPromoted() {
        try (DrillHarness h = new DrillHarness(unproven(", \"onUnprovenSync\": \"abort\"", ""))) {
            DrillReport report = h.failover();

            assertPrimaryServesAndNothingIsPromoted(h, report);
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .subject();
            assertTrue(last.contains("FINAL SYNC UNPROVEN") && last.contains("nothing promoted"), last);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"timeout", "reject"})
    void failover_whenTheSyncIsUnprovenAndTheApprovalIsNotGiven_neverPromotes(String answer) {
        try (DrillHarness h = new DrillHarness(unproven("", ", \"approvals\": [\"" + answer + "\"]"))) {
            DrillReport report = h.failover();

            assertPrimaryServesAndNothingIsPromoted(h, report);
            assertTrue(
                    h.sandbox.aws().sns().published().stream()
                            .anyMatch(p -> p.subject().startsWith("APPROVAL NEEDED")),
                    "a person was asked");
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(last.contains(answer.equals("timeout") ? "not answered in time" : "rejected"), last);
        }
    }

    @Test
    void failover_whenTheSyncIsUnprovenAndThePlanDefaultAsksAndNobodyIsScripted_timesOutWithoutPromoting() {
        try (DrillHarness h = new DrillHarness(unproven("", ", \"approvals\": []"))) {
            assertPrimaryServesAndNothingIsPromoted(h, h.failover());
        }
    }

    @Test
    void failover_whenTheSyncIsUnprovenAndAPersonApproves_promotesAndReportsTheWindowUnproven() {
        try (DrillHarness h = new DrillHarness(unproven("", ", \"approvals\": [\"approve\"]"))) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertAll(
                    () -> assertEquals(1, promotions(h).size()),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable(DR_FS)),
                    () -> assertEquals(Boolean.FALSE, report.dataLossProven()),
                    () -> assertTrue(report.dataLossWindowSeconds() > 0, report.dataLossWindowSeconds() + " s"),
                    () -> assertTrue(
                            report.groundTruth().lostWriteSeconds() > 0,
                            report.groundTruth().toString()),
                    () -> assertFalse(report.underReportsLoss(), report.dataLossWindowSeconds() + " s reported"));
        }
    }
}
