package io.efsdr.notify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.efs.PromotionAction;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.ReplicationAssessment;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.kubernetes.NewClaim;
import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.WorkloadReadiness;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.PlanValidator;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

class NotificationComposerTest {
    private static final String PLAN = """
      {
        "application": "shop",
        "primary": {"region": "us-east-1", "clusterName": "shop-primary", "fileSystemId": "fs-0123456789abcdef0"},
        "dr": {"region": "us-west-2", "clusterName": "shop-dr", "fileSystemId": "fs-0fedcba9876543210"},
        "storageClass": {"name": "efs-sc", "uid": "1000", "gid": "1000"},
        "workloads": {"items": [
          {"namespace": "shop", "kind": "StatefulSet", "name": "orders-db", "activeReplicas": 1},
          {"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 3}
        ]},
        "rpoSeconds": 900
      }
      """;
    private static final DrPlan PLAN_OBJECT = new PlanValidator().parse(PLAN);
    private static final Instant STARTED = Instant.parse("2026-11-25T03:00:00Z");
    private static final String FENCE_SUMMARY =
            "primary cluster shop-primary did not answer within 30 s: fencing skipped";
    private static final String TIMEOUT_CAUSE = "{\"errorMessage\":\"2 of 3 workloads not ready after 600 "
            + "s\",\"errorType\":\"io.efsdr.error.StepTimeoutException\","
            + "\"stackTrace\":[\"io.efsdr.kubernetes.ReadinessChecker.check(ReadinessChecker.java:42)\"]}";

    private final NotificationComposer composer = new NotificationComposer(
            Clock.fixed(Instant.parse("2026-11-25T03:06:00Z"), ZoneOffset.UTC), StepCatalogue.NAMES);

    @Test
    void compose_whenFailoverCompletes_expectRtoInSubject() {
        Notification notification = composer.compose(request("COMPLETE", run(false), completedSteps(), null, null));

        assertEquals("DR FAILOVER complete: shop runs in us-west-2 (RTO 300 s)", notification.subject());
    }

    @Test
    void compose_whenFailoverCompletes_expectOutcomeFirstThenNumbersTimelineAndSkippedFencing() {
        String body = composer.compose(request("COMPLETE", run(false), completedSteps(), null, null))
                .body();

        assertAll(
                () -> assertTrue(body.startsWith("Outcome: shop now runs in us-west-2 on fs-0fedcba9876543210"), body),
                () -> assertTrue(body.contains("RTO (start to workloads ready): 300 s"), body),
                () -> assertTrue(
                        body.contains("Data-loss window: 42 s: changes made on the primary after 2026-11-25T02:59:18Z"
                                + " may be lost (RPO 900 s, met)"),
                        body),
                () -> assertTrue(body.contains("\nTimeline\n"), body),
                () -> assertTrue(body.contains("Assess Replication"), body),
                () -> assertTrue(body.contains("Fence Primary Region"), body),
                () -> assertTrue(body.contains("Promote DR File System"), body),
                () -> assertTrue(body.contains("Check Promotion"), body),
                () -> assertTrue(body.contains("Check Readiness"), body),
                () -> assertTrue(
                        body.contains("\nSkipped, repaired or needing attention\n  - " + FENCE_SUMMARY + "\n"), body),
                () -> assertTrue(body.contains("run the failback workflow by hand"), body));
    }

    @Test
    void compose_whenFailoverCompletes_expectTimelineInStartOrder() {
        String body = composer.compose(request("COMPLETE", run(false), completedSteps(), null, null))
                .body();

        int assess = body.indexOf("Assess Replication");
        int fence = body.indexOf("Fence Primary Region");
        int promote = body.indexOf("Promote DR File System");
        int ready = body.indexOf("Check Readiness");
        assertTrue(assess < fence && fence < promote && promote < ready, body);
    }

    @Test
    void compose_whenFailoverCompletes_expectMachineReadableJsonLast() throws Exception {
        String body = composer.compose(request("COMPLETE", run(false), completedSteps(), null, null))
                .body();

        JsonNode machine = machineBlock(body);
        assertAll(
                () -> assertEquals("failover", machine.get("workflow").asText()),
                () -> assertEquals("COMPLETE", machine.get("event").asText()),
                () -> assertEquals("failover-manual-1", machine.get("execution").asText()),
                () -> assertFalse(machine.get("dryRun").asBoolean()),
                () -> assertEquals("us-east-1", machine.get("primaryRegion").asText()),
                () -> assertEquals("us-west-2", machine.get("drRegion").asText()),
                () -> assertEquals(300, machine.get("rtoSeconds").asLong()),
                () -> assertEquals(42, machine.get("dataLossWindowSeconds").asLong()),
                () -> assertEquals(
                        120.0, machine.get("stepSeconds").get("readiness").asDouble()),
                () -> assertEquals(30.0, machine.get("stepSeconds").get("fence").asDouble()),
                () -> assertFalse(machine.has("failedState")));
    }

    @Test
    void figures_whenReadinessIsReady_expectRtoWindowAndLastSync() {
        NotificationComposer.Figures figures =
                composer.figures(request("COMPLETE", run(false), completedSteps(), null, null));

        assertEquals(
                new NotificationComposer.Figures(
                        300L, 42L, Instant.parse("2026-11-25T02:59:18Z"), null, "ungraceful", false),
                figures);
    }

    @Test
    void figures_whenNotReadyYet_expectNoRto() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put("readiness", readiness(false));

        assertNull(composer.figures(request("FAILED", run(false), steps, timeout(), "Wait Until Ready"))
                .rtoSeconds());
    }

    @Test
    void compose_whenReadinessTimesOutAfterPromotion_expectFailedStateErrorMessageAndPromotedWarning() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put("readiness", readiness(false));

        Notification notification =
                composer.compose(request("FAILED", run(false), steps, timeout(), "Wait Until Ready"));

        String body = notification.body();
        assertAll(
                () -> assertEquals("DR FAILOVER FAILED at Wait Until Ready: shop", notification.subject()),
                () -> assertTrue(
                        body.startsWith("Outcome: failover FAILED at \"Wait Until Ready\": "
                                + "io.efsdr.error.StepTimeoutException: 2 of 3 workloads not ready after 600 s"),
                        body),
                () -> assertFalse(body.contains("stackTrace"), body),
                () -> assertTrue(body.contains("The DR file system fs-0fedcba9876543210 IS ALREADY PROMOTED"), body),
                () -> assertTrue(body.contains("do not start the old primary's workloads"), body),
                () -> assertTrue(body.contains("Elapsed: 360 s"), body),
                () -> assertEquals(
                        "Wait Until Ready",
                        machineBlock(body).get("failedState").asText()),
                () -> assertEquals(
                        "io.efsdr.error.StepTimeoutException",
                        machineBlock(body).get("error").asText()),
                () -> assertEquals(
                        "io.efsdr.error.StepTimeoutException: 2 of 3 workloads not ready after 600 s",
                        machineBlock(body).get("errorMessage").asText()));
    }

    @Test
    void compose_whenFailedBeforePromotion_expectNoPromotedWarning() {
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        steps.put("assess", assess(42, true));
        NotifyRequest.CaughtError error = new NotifyRequest.CaughtError(
                "io.efsdr.error.PermissionDeniedException",
                "{\"errorMessage\":\"DeleteReplicationConfiguration was "
                        + "refused\",\"errorType\":\"io.efsdr.error.PermissionDeniedException\"}");

        String body = composer.compose(request("FAILED", run(false), steps, error, "Promote DR File System"))
                .body();

        assertAll(
                () -> assertTrue(
                        body.contains("PermissionDeniedException: DeleteReplicationConfiguration was refused"), body),
                () -> assertFalse(body.contains("IS ALREADY PROMOTED"), body));
    }

    @Test
    void compose_whenCauseIsNotJson_expectCauseAsText() {
        NotifyRequest.CaughtError error =
                new NotifyRequest.CaughtError("States.Timeout", "Task timed out after 60 seconds");

        String body = composer.compose(request("FAILED", run(false), Map.of(), error, "Scale DR Workloads"))
                .body();

        assertTrue(
                body.startsWith(
                        "Outcome: failover FAILED at \"Scale DR Workloads\": States.Timeout: Task timed out after 60 "
                                + "seconds"),
                body);
    }

    @Test
    void compose_whenPlanWasRejected_expectNothingChangedNotice() {
        NotifyRequest.CaughtError error = new NotifyRequest.CaughtError(
                "io.efsdr.error.InvalidInputException",
                "{\"errorMessage\":\"plan is invalid: plan.dr.fileSystemId: is "
                        + "missing\",\"errorType\":\"io.efsdr.error.InvalidInputException\"}");
        NotifyRequest request = new NotifyRequest(
                "FAILED", "failover", "failover-manual-1", null, null, null, error, "Validate Plan", null);

        Notification notification = composer.compose(request);

        assertAll(
                () -> assertEquals("DR FAILOVER FAILED at Validate Plan: nothing was changed", notification.subject()),
                () -> assertTrue(
                        notification
                                .body()
                                .startsWith("Outcome: failover execution failover-manual-1 stopped at"
                                        + " \"Validate Plan\" before changing anything: "),
                        notification.body()),
                () -> assertTrue(notification.body().contains("plan.dr.fileSystemId: is missing"), notification.body()),
                () -> assertTrue(notification.body().contains("no failover has happened"), notification.body()));
    }

    @Test
    void compose_whenDryRun_expectEverySubjectMarked() {
        Map<String, JsonNode> steps = completedSteps();

        assertAll(
                () -> assertTrue(composer.compose(request("STARTED", run(true), Map.of(), null, null))
                        .subject()
                        .startsWith("[DRY RUN] DR FAILOVER started: shop us-east-1 -> us-west-2")),
                () -> assertTrue(composer.compose(request("COMPLETE", run(true), steps, null, null))
                        .subject()
                        .startsWith("[DRY RUN] DR FAILOVER complete")),
                () -> assertTrue(composer.compose(request("FAILED", run(true), steps, timeout(), "Wait Until Ready"))
                        .subject()
                        .startsWith("[DRY RUN] DR FAILOVER FAILED at Wait Until Ready")));
    }

    @Test
    void compose_whenDryRunCompletes_expectNothingChangedAndNoPromotedClaim() {
        String body = composer.compose(request("COMPLETE", run(true), completedSteps(), null, null))
                .body();

        assertAll(
                () -> assertTrue(body.startsWith("Outcome: the dry run of failover finished"), body),
                () -> assertTrue(body.contains("Nothing was changed."), body),
                () -> assertTrue(body.contains("dry run: nothing was changed"), body));
    }

    @Test
    void compose_whenDryRunFails_expectNoPromotedClaim() {
        String body = composer.compose(request("FAILED", run(true), completedSteps(), timeout(), "Wait Until Ready"))
                .body();

        assertFalse(body.contains("IS ALREADY PROMOTED"), body);
    }

    @Test
    void compose_whenLiveRunSubject_expectNoDryRunMark() {
        assertFalse(composer.compose(request("STARTED", run(false), Map.of(), null, null))
                .subject()
                .contains("DRY RUN"));
    }

    @Test
    void compose_whenWindowExceedsRpo_expectExceededAndAttentionLine() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put("assess", assess(1200, false));
        steps.put("promote", promote(1200));

        String body = composer.compose(request("COMPLETE", run(false), steps, null, null))
                .body();

        assertAll(
                () -> assertTrue(body.contains("Data-loss window: 1200 s"), body),
                () -> assertTrue(body.contains("(RPO 900 s, EXCEEDED)"), body),
                () -> assertTrue(body.contains("the data-loss window exceeded the plan's RPO"), body));
    }

    @Test
    void compose_whenNoSyncWasRecorded_expectWindowNotMeasured() {
        String body = composer.compose(request("STARTED", run(false), Map.of(), null, null))
                .body();

        assertTrue(body.contains("The data-loss window is not measured (no completed sync was recorded)."), body);
    }

    @Test
    void compose_whenPromotionLeftLostAndFound_expectItReported() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put(
                "promotion",
                Json.MAPPER.valueToTree(new PromotionCheck(
                        true,
                        "NONE",
                        ReplicationOverwriteProtection.ENABLED,
                        3,
                        Instant.parse("2026-11-25T03:30:34Z"),
                        "efs-replication-lost+found-fs-0123456789abcdef0-20261125T030100Z",
                        "promoted",
                        at("03:00:34"),
                        at("03:02:00"),
                        null)));

        String body = composer.compose(request("COMPLETE", run(false), steps, null, null))
                .body();

        assertTrue(
                body.contains("look for efs-replication-lost+found-fs-0123456789abcdef0-20261125T030100Z in the root of"
                        + " fs-0fedcba9876543210"),
                body);
    }

    @Test
    void errorMessage_whenNoError_expectUnknownError() {
        assertEquals(
                "unknown error", NotificationComposer.errorMessage(request("FAILED", run(false), Map.of(), null, "X")));
    }

    static NotifyRequest request(
            String event,
            RunContext run,
            Map<String, JsonNode> steps,
            NotifyRequest.CaughtError error,
            String failedState) {
        return new NotifyRequest(event, null, null, PLAN_OBJECT, run, steps, error, failedState, null);
    }

    static RunContext run(boolean dryRun) {
        return new RunContext("failover-manual-1", "failover", "us-east-1 is down", dryRun, STARTED, null);
    }

    static NotifyRequest.CaughtError timeout() {
        return new NotifyRequest.CaughtError("io.efsdr.error.StepTimeoutException", TIMEOUT_CAUSE);
    }

    @Test
    void compose_whenPreflightFoundClaimsNewerThanTheLastSync_expectThemNamedUnderNoDataInDr() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put(
                "preflight",
                Json.MAPPER.valueToTree(new PreflightResult(
                        true,
                        3,
                        0,
                        List.of(),
                        2,
                        List.of(
                                new NewClaim("shop/data-orders-db-0", at("02:59:30"), 64),
                                new NewClaim("shop/web-cache", at("02:59:50"), 44)),
                        "all 3 volume claims of 2 workloads in shop-dr can be provisioned. 2 claim(s) created after "
                                + "the last sync have "
                                + "no data in DR: ...",
                        at("03:02:30"),
                        at("03:02:34"))));

        String body = composer.compose(request("COMPLETE", run(false), steps, null, null))
                .body();

        assertTrue(
                body.contains("\nNo data in DR: 2 claim(s) were created after the last completed sync"
                        + ", so their volumes in us-west-2 hold nothing written on the primary; restore them from a "
                        + "backup if needed\n"
                        + "  - shop/data-orders-db-0 (created 2026-11-25T02:59:30Z, 64 s old at the preflight)\n"
                        + "  - shop/web-cache (created 2026-11-25T02:59:50Z, 44 s old at the preflight)\n"),
                body);
    }

    @Test
    void compose_whenPreflightFoundNoNewClaims_expectNoNoDataLine() {
        Map<String, JsonNode> steps = completedSteps();
        steps.put(
                "preflight",
                Json.MAPPER.valueToTree(new PreflightResult(
                        true,
                        3,
                        0,
                        List.of(),
                        0,
                        List.of(),
                        "all 3 volume claims of 2 workloads in shop-dr can be provisioned",
                        at("03:02:30"),
                        at("03:02:34"))));

        assertFalse(composer.compose(request("COMPLETE", run(false), steps, null, null))
                .body()
                .contains("No data in DR"));
    }

    static Map<String, JsonNode> completedSteps() {
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        steps.put("readiness", readiness(true));
        steps.put("assess", assess(42, true));
        steps.put(
                "fence",
                Json.MAPPER.valueToTree(new FenceResult(
                        FenceOutcome.SKIPPED_UNREACHABLE, false, null, FENCE_SUMMARY, at("03:00:02"), at("03:00:32"))));
        steps.put("promote", promote(42));
        steps.put(
                "promotion",
                Json.MAPPER.valueToTree(new PromotionCheck(
                        true,
                        "NONE",
                        ReplicationOverwriteProtection.ENABLED,
                        3,
                        at("03:30:34"),
                        null,
                        "fs-0fedcba9876543210 is writable",
                        at("03:00:34"),
                        at("03:02:00"),
                        null)));
        return steps;
    }

    private static JsonNode promote(long window) {
        return Json.MAPPER.valueToTree(new PromotionResult(
                PromotionAction.DELETED,
                "ALL_CONFIGURATIONS",
                "deleted the replication of fs-0123456789abcdef0",
                at("03:00:33"),
                at("03:00:34"),
                FailoverMode.UNGRACEFUL,
                Instant.parse("2026-11-25T02:59:18Z"),
                null,
                window,
                false));
    }

    private static JsonNode assess(long window, boolean withinRpo) {
        return Json.MAPPER.valueToTree(new ReplicationAssessment(
                "fs-0fedcba9876543210",
                "fs-0123456789abcdef0",
                "ENABLED",
                null,
                ReplicationOverwriteProtection.REPLICATING,
                Instant.parse("2026-11-25T02:59:18Z"),
                window,
                withinRpo,
                false,
                "last sync " + window + " s ago",
                at("03:00:01"),
                at("03:00:02")));
    }

    private static JsonNode readiness(boolean ready) {
        return Json.MAPPER.valueToTree(new ReadinessCheck(
                ready,
                "shop-dr",
                "active",
                2,
                ready ? 2 : 1,
                4,
                at("03:13:00"),
                List.of(
                        new WorkloadReadiness("shop/Deployment/web", 3, 3, ready ? 3 : 1, ready),
                        new WorkloadReadiness("shop/StatefulSet/orders-db", 1, 1, 1, true)),
                ready ? "2 of 2 workloads ready" : "1 of 2 workloads ready",
                at("03:03:00"),
                at("03:05:00")));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-25T" + time + "Z");
    }

    private static JsonNode machineBlock(String body) throws Exception {
        String marker = "\nMachine-readable\n";
        int start = body.indexOf(marker);
        assertTrue(start >= 0, body);
        return Json.MAPPER.readTree(body.substring(start + marker.length()).trim());
    }
}
