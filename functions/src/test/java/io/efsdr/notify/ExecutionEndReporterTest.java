package io.efsdr.notify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.PlanValidator;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionEndReporterTest {
    private static final String PLAN = """
      {"application": "shop",
       "primary": {"region": "us-east-1", "clusterName": "shop-primary", "fileSystemId": "fs-0123456789abcdef0"},
       "dr": {"region": "us-west-2", "clusterName": "shop-dr", "fileSystemId": "fs-0fedcba9876543210"},
       "storageClass": {"name": "efs-sc", "uid": "1000", "gid": "1000"},
       "workloads": {"items": [{"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 3}]},
       "rpoSeconds": 900}
      """;
    private static final String FAILOVER_MACHINE =
            "arn:aws:states:us-west-2:111122223333:stateMachine:FailoverStateMachine-abc";
    private static final String FAILBACK_MACHINE =
            "arn:aws:states:us-west-2:111122223333:stateMachine:FailbackStateMachine-abc";
    private final NotificationComposer composer =
            new NotificationComposer(Clock.fixed(Instant.parse("2026-11-25T03:06:00Z"), ZoneOffset.UTC));

    @Test
    void notification_whenAStepFailedAfterPromotion_namesTheStepAndSaysTheFileSystemIsPromoted() throws Exception {
        ObjectNode input = stateInput("failover");
        input.with("steps")
                .set(
                        "promotion",
                        Json.MAPPER.readTree("{\"promoted\": true, \"summary\": \"writable\","
                                + "\"startedAt\": \"2026-11-25T03:01:00Z\", \"finishedAt\": "
                                + "\"2026-11-25T03:02:00Z\"}"));
        ExecutionEnded ended = ended(
                FAILOVER_MACHINE,
                "FAILED",
                "io.efsdr.error.StepTimeoutException",
                "{\"errorMessage\": \"2 of 3 workloads not ready\"}");

        Notification notification = reporter(
                        new ExecutionHistory.LastState("Check Readiness", "Task", input, null, null))
                .notification(ended);

        assertAll(
                () -> assertTrue(
                        notification.subject().startsWith("DR FAILOVER FAILED at Check Readiness"),
                        notification.subject()),
                () -> assertTrue(notification.body().contains("IS ALREADY PROMOTED"), notification.body()),
                () -> assertTrue(notification.body().contains("2 of 3 workloads not ready"), notification.body()),
                () -> assertTrue(notification.body().contains("redrive the failed execution"), notification.body()));
    }

    @Test
    void notification_whenTheExecutionTimedOut_saysSoWithTheStateItWasIn() {
        ExecutionEnded ended = ended(FAILBACK_MACHINE, "TIMED_OUT", null, null);

        Notification notification = reporter(
                        new ExecutionHistory.LastState("Check Final Sync", "Task", stateInput("failback"), null, null))
                .notification(ended);

        assertAll(
                () -> assertTrue(
                        notification.subject().startsWith("DR FAILBACK TIMED OUT at Check Final Sync"),
                        notification.subject()),
                () -> assertTrue(notification.body().contains("States.Timeout"), notification.body()));
    }

    @Test
    void notification_whenValidationFailed_saysNothingWasChanged() throws Exception {
        JsonNode validateInput =
                Json.MAPPER.readTree("{\"input\": {}, \"executionName\": \"x\", \"workflow\": \"failover\"}");
        ExecutionEnded ended = ended(
                FAILOVER_MACHINE,
                "FAILED",
                "io.efsdr.error.InvalidInputException",
                "{\"errorMessage\": \"plan.rpoSeconds: must be a number\"}");

        Notification notification = reporter(
                        new ExecutionHistory.LastState("Validate Plan", "Task", validateInput, null, null))
                .notification(ended);

        assertAll(
                () -> assertTrue(
                        notification.subject().contains("FAILED at Validate Plan: nothing was changed"),
                        notification.subject()),
                () -> assertTrue(notification.body().contains("plan.rpoSeconds"), notification.body()));
    }

    @Test
    void notification_whenTheHistoryCannotBeRead_stillReportsTheEnd() {
        ExecutionEnded ended = ended(FAILOVER_MACHINE, "ABORTED", null, null);

        Notification notification =
                new ExecutionEndReporter(arn -> Optional.empty(), composer, null).notification(ended);

        assertTrue(notification.subject().contains("FAILOVER"), notification.subject());
    }

    @Test
    void report_whenTheRunEndedAtItsOwnFailState_sendsNothingMore() {
        ExecutionEnded ended = ended(FAILOVER_MACHINE, "FAILED", "States.Timeout", "no answer");
        ExecutionEndReporter reporter = new ExecutionEndReporter(
                arn -> Optional.of(new ExecutionHistory.LastState(
                        "Failover Not Approved", "Fail", stateInput("failover"), null, null)),
                composer,
                null);

        NotifyResult result = reporter.report(ended);

        assertAll(
                () -> assertEquals(null, result.messageId()),
                () -> assertTrue(result.subject().startsWith("not sent"), result.subject()));
    }

    @Test
    void executionEnded_whenTheStatusIsNotABadEnd_isRefusedNamingTheField() {
        var error = assertThrows(InvalidInputException.class, () -> ended(FAILOVER_MACHINE, "SUCCEEDED", null, null));
        assertTrue(error.getMessage().contains("input.detail.status"), error.getMessage());
    }

    private ExecutionEndReporter reporter(ExecutionHistory.LastState last) {
        return new ExecutionEndReporter(arn -> Optional.of(last), composer, null);
    }

    private static ExecutionEnded ended(String machine, String status, String error, String cause) {
        return new ExecutionEnded(
                "Step Functions Execution Status Change",
                new ExecutionEnded.Detail(
                        machine.replace(":stateMachine:", ":execution:") + ":run-1",
                        machine,
                        "run-1",
                        status,
                        error,
                        cause));
    }

    private static ObjectNode stateInput(String workflow) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("plan", Json.MAPPER.valueToTree(new PlanValidator().parse(PLAN)));
        input.set(
                "run",
                Json.MAPPER.valueToTree(new RunContext(
                        "run-1", workflow, "drill", false, Instant.parse("2026-11-25T03:00:00Z"), null)));
        input.putObject("steps");
        return input;
    }
}
