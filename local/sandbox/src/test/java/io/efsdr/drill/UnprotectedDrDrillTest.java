package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.EfsModel;
import org.junit.jupiter.api.Test;

/**
 * A failback whose re-protection (replication primary -> DR) keeps failing must not leave DR
 * read-only (protection DISABLED, no replication): the next failover, in a real outage, would wait
 * for a writability nothing brings. Judged by the sandbox's file systems and parameters.
 */
class UnprotectedDrDrillTest {
    private static final String PRIMARY_REGION = "us-east-1";
    private static final String DR_REGION = "us-west-2";
    private static final String DR_FS = "fs-0fedcba9876543210";
    private static final String REPROTECTION_KEEPS_FAILING = """
        {"activeSide": "dr",
         "workloads": [{"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 2,
                        "standbyReplicas": 1}],
         "faults": [{"service": "elasticfilesystem", "operation": "CreateReplicationConfiguration",
                     "error": "5xx", "region": "us-east-1"}]}
        """;

    /**
     * Warm standby (standby 1): the DR file system is writable (protection ENABLED, no replication),
     * so a DR pod at standby would write while the primary serves, and the sandbox's ground truth
     * counts it (split brain). Return DR To Standby holds it at 0 instead.
     */
    @Test
    void failback_whenReprotectionKeepsFailing_leavesDrWritableHeldAtZeroAndFailsAtReprotection() throws Exception {
        try (DrillHarness h = new DrillHarness(REPROTECTION_KEEPS_FAILING)) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            EfsModel efs = h.sandbox.aws().efs();
            String record = h.sandbox
                    .aws()
                    .ssm()
                    .get(DR_REGION, Sandbox.ACTIVE_REGION_PARAMETER)
                    .orElseThrow()
                    .value();
            JsonNode readiness = readiness(h);
            String failedNotice = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Replicate Primary To DR", report.failedState(), h.printed()),
                    () -> assertTrue(report.error().contains("DR IS NOT PROTECTED"), report.error()),
                    () -> assertEquals("ENABLED", efs.protection(DR_FS), "DR is writable, not left read-only"),
                    () -> assertTrue(efs.replications(DR_REGION).isEmpty(), "nothing replicates into DR"),
                    () -> assertEquals(
                            0,
                            report.fin()
                                    .regions()
                                    .get(DR_REGION)
                                    .workloads()
                                    .get(0)
                                    .replicas(),
                            "the warm standby is held at 0 on a writable DR file system"),
                    () -> assertEquals(
                            0.0,
                            report.groundTruth().splitBrainSeconds(),
                            "no moment with writers on two writable file systems"),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertTrue(
                            failedNotice.contains(
                                    "held at 0 instead of standby 1: DR file system writable without" + " replication"),
                            failedNotice),
                    () -> assertTrue(failedNotice.contains("DR IS NOT PROTECTED"), failedNotice),
                    () -> assertTrue(
                            readiness.toString().contains("held at 0 instead of standby 1"), readiness.toString()),
                    () -> assertTrue(record.startsWith(PRIMARY_REGION + " dr-unprotected-since="), record),
                    () -> assertTrue(readiness.toString().contains("DR not protected"), readiness.toString()));
        }
    }

    @Test
    void failover_afterAFailbackWhoseReprotectionGaveUp_completesWithAnUnknownWindow() {
        try (DrillHarness h = new DrillHarness(REPROTECTION_KEEPS_FAILING)) {
            DrillReport failback = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));
            assertEquals("FAILED", failback.status(), h.printed());
            h.sandbox.faults().clear();

            DrillReport failover = h.failover();

            String complete = failover.notifications()
                    .get(failover.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertEquals("SUCCEEDED", failover.status(), h.printed()),
                    () -> assertTrue(
                            failover.steps().stream().noneMatch(s -> s.name().equals("Check Final Sync")),
                            "no final-sync wait: nothing replicates into DR"),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable(DR_FS)),
                    () -> assertNull(failover.dataLossWindowSeconds(), "the window is unknown"),
                    () -> assertFalse(Boolean.TRUE.equals(failover.dataLossProven()), "and unproven"),
                    () -> assertTrue(complete.contains("unknown and unproven"), complete),
                    () -> assertTrue(
                            failover.fin().regions().get(DR_REGION).workloads().stream()
                                    .allMatch(w -> w.readyReplicas() > 0),
                            "DR serves"));
        }
    }

    /** The cause fixed, a redrive tries re-protection again: DR protected, back at its standby replicas. */
    @Test
    void failback_whenRedrivenAfterReprotectionGaveUp_reprotectsAndReturnsDrToStandby() {
        try (DrillHarness h = new DrillHarness(REPROTECTION_KEEPS_FAILING)) {
            DrillReport report =
                    h.drill.redriving().run(h.sandbox, "failback", Drill.input(h.sandbox.scenario(), "drill test"));

            EfsModel efs = h.sandbox.aws().efs();
            String record = h.sandbox
                    .aws()
                    .ssm()
                    .get(DR_REGION, Sandbox.ACTIVE_REGION_PARAMETER)
                    .orElseThrow()
                    .value();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(1, report.redrives()),
                    () -> assertTrue(h.printed().contains("resumes at \"Replicate Primary To DR\""), h.printed()),
                    () -> assertEquals(1, efs.replications(DR_REGION).size(), "primary -> DR replicates again"),
                    () -> assertEquals(
                            1,
                            report.fin()
                                    .regions()
                                    .get(DR_REGION)
                                    .workloads()
                                    .get(0)
                                    .replicas(),
                            "DR back at its standby replicas, on a read-only file system"),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds()),
                    () -> assertEquals(PRIMARY_REGION, record, "the record says nothing of an unprotected DR"));
        }
    }

    private static JsonNode readiness(DrillHarness h) throws Exception {
        try (HandlerHost host = new HandlerHost(h.sandbox)) {
            return host.invokeDirectly(
                    "RunReadinessChecksFunction", Json.MAPPER.createObjectNode().put("source", "aws.events"));
        }
    }
}
