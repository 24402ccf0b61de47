package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.handler.DecideApprovalHandler;
import io.efsdr.handler.StartFailoverHandler;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.aws.SnsPublish;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guards on automatic failover and the approval gate, with the real trigger and decide
 * functions and the real state machine.
 */
class GuardsDrillTest {
    private static final String DR = "us-west-2";
    private static final String DR_FS = "fs-0fedcba9876543210";
    private static final Pattern TOKEN = Pattern.compile("--task-token '([^']+)'");

    private static ObjectNode alarmEvent(Instant changedAt) throws Exception {
        String json = Files.readString(ExecutionRunner.projectRoot().resolve("events/alarm-state-change.json"));
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(json);
        ((ObjectNode) event.get("detail").get("state")).put("timestamp", changedAt.toString());
        return event;
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private static int failoverExecutions(DrillHarness h) {
        return (int) h.sandbox.aws().stepFunctions().executions().stream()
                .filter(e -> e.stateMachineArn().equals(HandlerHost.stateMachineArn(DR, "failover")))
                .count();
    }

    @Test
    void alarm_whenDrIsAlreadyActive_startsNothingAndNotifiesOnce() throws Exception {
        try (DrillHarness h = new DrillHarness("{}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            h.sandbox.aws().ssm().put(DR, "/efs-dr/active-region", DR);
            ObjectNode event = alarmEvent(h.sandbox.clock().instant());

            JsonNode first = invoke(new StartFailoverHandler(host.wiring()), event);
            JsonNode again = invoke(new StartFailoverHandler(host.wiring()), event);

            assertEquals("ALREADY_ACTIVE", first.get("outcome").asText());
            assertEquals("ALREADY_ACTIVE", again.get("outcome").asText());
            assertEquals(0, failoverExecutions(h));
            assertEquals(1, h.sandbox.aws().sns().published().size(), "reported once, not at every delivery");
        }
    }

    @Test
    void alarm_deliveredAHundredTimes_startsExactlyOneExecution() throws Exception {
        try (DrillHarness h = new DrillHarness("{}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            ObjectNode event = alarmEvent(h.sandbox.clock().instant());
            StartFailoverHandler handler = new StartFailoverHandler(host.wiring());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<JsonNode>> results = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    results.add(pool.submit(() -> invoke(handler, event)));
                }
                for (Future<JsonNode> result : results) {
                    String outcome = result.get().get("outcome").asText();
                    assertTrue(outcome.equals("STARTED") || outcome.equals("ALREADY_STARTED"), outcome);
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(1, failoverExecutions(h));
        }
    }

    @Test
    void twoAlarms_withinTheCooldown_startOneExecution() throws Exception {
        try (DrillHarness h = new DrillHarness("{}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            JsonNode first = invoke(
                    new StartFailoverHandler(host.wiring()),
                    alarmEvent(h.sandbox.clock().instant()));
            String arn = h.sandbox.aws().stepFunctions().executions().get(0).executionArn();
            h.sandbox.aws().stepFunctions().setExecutionStatus(arn, "SUCCEEDED");
            h.sandbox.clock().advance(Duration.ofMinutes(20));
            JsonNode second = invoke(
                    new StartFailoverHandler(host.wiring()),
                    alarmEvent(h.sandbox.clock().instant()));

            assertEquals("STARTED", first.get("outcome").asText());
            assertEquals("COOLDOWN", second.get("outcome").asText());
            assertEquals(1, failoverExecutions(h));
            h.sandbox.clock().advance(Duration.ofMinutes(45));
            JsonNode later = invoke(
                    new StartFailoverHandler(host.wiring()),
                    alarmEvent(h.sandbox.clock().instant()));
            assertEquals("STARTED", later.get("outcome").asText(), "after the cooldown an alarm acts again");
        }
    }

    @Test
    void secondStart_whileADrExecutionRuns_isRefused() throws Exception {
        try (DrillHarness h = new DrillHarness("{}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            h.sandbox
                    .aws()
                    .stepFunctions()
                    .recordLocalExecution(DR, HandlerHost.stateMachineArn(DR, "failback"), "failback-by-hand", "{}");

            JsonNode alarm = invoke(
                    new StartFailoverHandler(host.wiring()),
                    alarmEvent(h.sandbox.clock().instant()));
            DrillReport manual = h.failover();

            assertEquals("REFUSED_RUNNING", alarm.get("outcome").asText());
            assertEquals("FAILED", manual.status());
            assertEquals("Validate Plan", manual.failedState());
            assertTrue(manual.error().contains("one DR execution at a time"), manual.error());
            assertTrue(
                    h.sandbox.aws().calls().successfulMutations().stream()
                            .noneMatch(c -> c.service().equals("elasticfilesystem")),
                    "nothing was promoted");
        }
    }

    private static ObjectNode alarmInput(DrillHarness h) {
        ObjectNode input = Drill.input(h.sandbox.scenario(), "alarm shop-primary-unhealthy went to ALARM");
        input.putObject("trigger")
                .put("alarmName", "shop-primary-unhealthy")
                .put("stateChangeTime", h.sandbox.clock().instant().toString());
        return input;
    }

    private static String awaitApprovalToken(DrillHarness h) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            for (SnsPublish message : h.sandbox.aws().sns().published()) {
                Matcher matcher = TOKEN.matcher(message.message());
                if (message.subject().startsWith("APPROVAL NEEDED") && matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no approval request was published");
    }

    private static long promotions(DrillHarness h) {
        return h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                .filter(AwsCall::succeeded)
                .count();
    }

    @Test
    void automaticFailover_whenTheLagExceedsTheRpo_waitsAndAnApprovalContinuesIt() throws Exception {
        // the final sync cannot pass the stop within the alarm bound: the plan promotes without the
        // proof, so the one approval asked is the RPO gate's
        try (DrillHarness h = new DrillHarness(
                        "{\"replicationLagSeconds\": 1800, \"plan\": {\"onUnprovenSync\": \"promote\"}}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            CompletableFuture<DrillReport> run =
                    CompletableFuture.supplyAsync(() -> h.drill.run(h.sandbox, host, "failover", alarmInput(h)));
            String token = awaitApprovalToken(h);
            assertEquals(0, promotions(h), "nothing is promoted while waiting");

            JsonNode decided = invoke(
                    new DecideApprovalHandler(host.wiring()),
                    Json.MAPPER.valueToTree(Map.of(
                            "token", token, "decision", "approve", "reason", "primary is gone", "approver", "sre")));
            DrillReport report = run.get();

            assertEquals("approve", decided.get("decision").asText());
            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertTrue(h.sandbox.aws().efs().isWritable(DR_FS));
            String approval = h.sandbox.aws().sns().published().stream()
                    .filter(p -> p.subject().startsWith("APPROVAL"))
                    .findFirst()
                    .orElseThrow()
                    .message();
            assertTrue(approval.contains("Data-loss window: 1800 s (RPO 900 s, EXCEEDED)"), approval);
            assertTrue(approval.contains("aws stepfunctions send-task-success"), approval);
            String recordKey = report.fin().evidence().stream()
                    .filter(k -> k.endsWith("/record.json"))
                    .findFirst()
                    .orElseThrow()
                    .substring(("s3://" + Sandbox.AUDIT_BUCKET + "/").length());
            JsonNode record = Json.MAPPER.readTree(h.sandbox
                    .aws()
                    .s3()
                    .get(Sandbox.AUDIT_BUCKET, recordKey)
                    .orElseThrow()
                    .text());
            JsonNode approvals = record.get("approvals");
            assertEquals(1, approvals.size(), record.toString());
            assertAll(
                    "the completed run's record names who approved, when and why",
                    () -> assertTrue(approvals.get(0).get("approved").asBoolean()),
                    () -> assertEquals("sre", approvals.get(0).get("approver").asText()),
                    () -> assertFalse(approvals.get(0).path("decidedAt").isNull()),
                    () -> assertEquals(
                            "primary is gone", approvals.get(0).get("reason").asText()));
        }
    }

    @Test
    void automaticFailover_whenTheApprovalIsRejected_endsWithNothingPromoted() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"replicationLagSeconds\": 1800}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            CompletableFuture<DrillReport> run =
                    CompletableFuture.supplyAsync(() -> h.drill.run(h.sandbox, host, "failover", alarmInput(h)));
            String token = awaitApprovalToken(h);
            invoke(
                    new DecideApprovalHandler(host.wiring()),
                    Json.MAPPER.valueToTree(
                            Map.of("token", token, "decision", "reject", "reason", "the primary recovered")));
            DrillReport report = run.get();

            assertEquals("FAILED", report.status());
            assertEquals(0, promotions(h));
            assertFalse(h.sandbox.aws().efs().isWritable(DR_FS));
            report.fin()
                    .regions()
                    .get("us-east-1")
                    .workloads()
                    .forEach(w -> assertTrue(w.replicas() > 0, "primary untouched"));
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .subject();
            assertTrue(last.contains("NOT APPROVED"), last);
        }
    }

    @Test
    void automaticFailover_whenNobodyAnswers_endsAtTheApprovalTimeoutWithNothingPromoted() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"replicationLagSeconds\": 1800}");
                HandlerHost host = new HandlerHost(h.sandbox, Map.of("APPROVAL_TIMEOUT_MINUTES", "1"))) {
            DrillReport report = h.drill.run(h.sandbox, host, "failover", alarmInput(h));

            assertEquals("FAILED", report.status());
            assertEquals(0, promotions(h));
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(last.contains("not answered in time"), last);
        }
    }

    @Test
    void automaticFailover_withinTheRpo_doesNotWaitForApproval() throws Exception {
        try (DrillHarness h = new DrillHarness("{}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            DrillReport report = h.drill.run(h.sandbox, host, "failover", alarmInput(h));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(h.sandbox.aws().sns().published().stream()
                    .noneMatch(p -> p.subject().startsWith("APPROVAL")));
            assertEquals(
                    DR,
                    h.sandbox
                            .aws()
                            .ssm()
                            .get(DR, "/efs-dr/active-region")
                            .orElseThrow()
                            .value());
        }
    }

    @Test
    void failback_withApprovalBeforePromotion_whenNobodyAnswers_servesFromDrAgainWithNothingPromoted()
            throws Exception {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(h.sandbox, Map.of("APPROVAL_TIMEOUT_MINUTES", "1"))) {
            ObjectNode input = Drill.input(h.sandbox.scenario(), "failback with approval");
            input.put("requireApproval", true);

            DrillReport report = h.drill.run(h.sandbox, host, "failback", input);

            assertEquals("FAILED", report.status());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            assertTrue(h.sandbox.aws().efs().isWritable(DR_FS), "DR stays writable: the primary was not promoted");
            report.fin()
                    .regions()
                    .get(DR)
                    .workloads()
                    .forEach(w -> assertTrue(w.replicas() > 0, "DR serves again: " + w.name()));
            report.fin().regions().get("us-east-1").workloads().forEach(w -> assertEquals(0, w.replicas()));
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(last.contains("serves from us-west-2 again"), last);
        }
    }
}
