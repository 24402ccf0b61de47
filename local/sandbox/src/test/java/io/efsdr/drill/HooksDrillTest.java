package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.LambdaModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hooks, executed for real: the state machines call RunHooks at each point, the handler invokes the
 * plan's functions through the Lambda stand-in, and the report, the notifications and the audit
 * record say what they answered. What was invoked, and with what, comes from the stand-in's journal.
 */
class HooksDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String SMOKE = "arn:aws:lambda:us-west-2:123456789012:function:shop-smoke-test";
    private static final String CHECK = "arn:aws:lambda:us-west-2:123456789012:function:shop-pre-check";
    private static final String WARM = "arn:aws:lambda:us-west-2:123456789012:function:shop-warm-cache";

    private static String scenario(String hooks, String functions, String extra) {
        return "{\"plan\": {\"hooks\": " + hooks + "}, \"hookFunctions\": " + functions + extra + "}";
    }

    private static String hook(String at, String arn, int timeoutSeconds, String onFailure) {
        return "{\"at\": \"" + at + "\", \"lambda\": \"" + arn + "\", \"timeoutSeconds\": " + timeoutSeconds
                + ", \"onFailure\": \"" + onFailure + "\"}";
    }

    private static List<JsonNode> payloads(DrillHarness h, String arn) {
        return h.sandbox.aws().lambda().invocations().stream()
                .filter(i -> i.functionArn().equals(arn))
                .map(LambdaModel.Invocation::payload)
                .map(HooksDrillTest::read)
                .toList();
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static DrillReport.NotificationView last(DrillReport report) {
        return report.notifications().getLast();
    }

    @Test
    void failover_withAnAfterReadinessHook_callsItWithTheRunsContextAndReportsIt() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 60, "abort") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\", \"delaySeconds\": 5}}",
                "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            List<JsonNode> calls = payloads(h, SMOKE);
            assertEquals(1, calls.size(), "called once");
            JsonNode context = calls.getFirst();
            assertEquals("failover", context.path("workflow").asText());
            assertEquals("afterReadiness", context.path("point").asText());
            assertEquals(PRIMARY, context.path("primary").path("region").asText());
            assertEquals(DR, context.path("dr").path("region").asText());
            assertEquals(
                    h.sandbox.scenario().primary().fileSystemId(),
                    context.path("primary").path("fileSystemId").asText());
            assertEquals(
                    h.sandbox.scenario().dr().fileSystemId(),
                    context.path("dr").path("fileSystemId").asText());
            assertEquals(
                    report.dataLossWindowSeconds(),
                    context.path("dataLossWindowSeconds").asLong());
            assertTrue(context.path("dataLossProven").isBoolean(), context.toString());
            assertFalse(context.path("dryRun").asBoolean(true));

            assertEquals(
                    List.of(new DrillReport.HookView(
                            "afterReadiness",
                            SMOKE,
                            null,
                            "ok",
                            5000,
                            context.path("idempotencyKey").asText(),
                            1)),
                    report.hooks().stream()
                            .map(v -> new DrillReport.HookView(
                                    v.at(),
                                    v.target(),
                                    v.wave(),
                                    v.status(),
                                    v.durationMs() >= 5000 ? 5000 : -1,
                                    v.idempotencyKey(),
                                    v.invocations()))
                            .toList(),
                    "reported ok, taking at least the function's 5 s: " + report.hooks());
            assertTrue(last(report).message().contains(SMOKE), last(report).message());
            String record = h.sandbox.aws().s3().list(Sandbox.AUDIT_BUCKET, "runs/failover/").stream()
                    .filter(o -> o.key().endsWith("record.json"))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .text();
            JsonNode hooks = read(record).path("hooks");
            assertEquals(1, hooks.size(), record);
            assertEquals(SMOKE, hooks.get(0).path("target").asText());
            assertEquals("ok", hooks.get(0).path("status").asText());
        }
    }

    @Test
    void failover_whenABeforeFenceHookFailsWithAbort_endsWithNothingPromoted() {
        String scenario = scenario(
                "[" + hook("beforeFence", CHECK, 20, "abort") + "]", "{\"" + CHECK + "\": {\"result\": \"fail\"}}", "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status(), h.printed());
            assertTrue(report.error().startsWith("HookAborted"), report.error());
            assertEquals(1, payloads(h, CHECK).size());
            assertEquals("fail", report.hooks().getFirst().status());
            DrillReport.RegionView dr = report.fin().regions().get(DR);
            assertFalse(dr.fileSystem().writable(), "the DR file system stays a read-only destination");
            assertNotNull(dr.fileSystem().replication(), "replication intact");
            assertEquals(
                    h.sandbox.scenario().primary().fileSystemId(),
                    dr.fileSystem().replication().sourceFileSystemId());
            assertTrue(report.fin().regions().get(PRIMARY).fileSystem().writable());
            report.fin()
                    .regions()
                    .get(PRIMARY)
                    .workloads()
                    .forEach(w -> assertTrue(
                            w.replicas() > 0 && w.readyReplicas() == w.replicas(), w + ": the primary keeps running"));
            assertTrue(dr.workloads().stream().allMatch(w -> w.replicas() == 0), "nothing started in DR");
            assertTrue(report.steps().stream().noneMatch(s -> s.name().equals("Fence Primary Region")));
            DrillReport.NotificationView notice = last(report);
            assertTrue(notice.subject().contains("STOPPED BY HOOK"), notice.subject());
            assertTrue(notice.subject().contains("nothing promoted"), notice.subject());
            assertTrue(notice.message().contains("Nothing was promoted"), notice.message());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
        }
    }

    @Test
    void failover_withAnAfterWaveHookAndTwoWaves_callsItOncePerWaveWithItsNumber() {
        String scenario = scenario(
                "[" + hook("afterWave", WARM, 30, "continue") + "]",
                "{\"" + WARM + "\": {\"result\": \"ok\"}}",
                ", \"workloads\": [{\"kind\": \"StatefulSet\", \"name\": \"orders-db\", \"activeReplicas\": 1, "
                        + "\"wave\": 1}, {\"kind\": \"Deployment\", \"name\": \"web\", \"activeReplicas\": 2, "
                        + "\"wave\": 2}]");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(
                    List.of(1, 2),
                    payloads(h, WARM).stream().map(p -> p.path("wave").asInt()).toList());
            assertEquals(
                    List.of(1, 2),
                    report.hooks().stream().map(DrillReport.HookView::wave).toList());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
        }
    }

    @Test
    void failover_whenAHookWithContinueFails_reportsItAndGoesOn() {
        String scenario = scenario(
                "[" + hook("beforeFence", CHECK, 20, "continue") + "]",
                "{\"" + CHECK + "\": {\"result\": \"fail\"}}",
                "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals("fail", report.hooks().getFirst().status());
            assertTrue(report.fin().regions().get(DR).fileSystem().writable());
            assertTrue(
                    last(report).message().contains("beforeFence: " + CHECK + " fail"),
                    last(report).message());
        }
    }

    @Test
    void failover_whenAHookTakesLongerThanItsTimeout_reportsATimeout() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 10, "continue") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\", \"delaySeconds\": 40}}",
                "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(
                    "timeout",
                    report.hooks().getFirst().status(),
                    report.hooks().toString());
        }
    }

    @Test
    void failover_inADryRun_invokesNoHookAndReportsThemSkipped() {
        String scenario = scenario(
                "[" + hook("beforeFence", CHECK, 20, "abort") + ", " + hook("afterReadiness", SMOKE, 60, "abort") + "]",
                "{\"" + CHECK + "\": {\"result\": \"fail\"}, \"" + SMOKE + "\": {\"result\": \"ok\"}}",
                ", \"dryRun\": true");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(List.of(), h.sandbox.aws().lambda().invocations());
            assertEquals(
                    List.of("skipped-dry-run", "skipped-dry-run"),
                    report.hooks().stream().map(DrillReport.HookView::status).toList());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
        }
    }

    @Test
    void failover_whenAnAfterPromotionHookAborts_stopsAndSaysTheDrFileSystemIsWritable() {
        String scenario = scenario(
                "[" + hook("afterPromotion", CHECK, 20, "abort") + "]",
                "{\"" + CHECK + "\": {\"result\": \"fail\"}}",
                "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status(), h.printed());
            assertTrue(report.error().startsWith("HookAborted"), report.error());
            DrillReport.RegionView dr = report.fin().regions().get(DR);
            assertTrue(dr.fileSystem().writable(), "promoted before the hook ran");
            assertTrue(dr.workloads().stream().allMatch(w -> w.replicas() == 0), "no DR workload was started");
            DrillReport.NotificationView notice = last(report);
            assertTrue(notice.subject().contains("STOPPED BY HOOK at afterPromotion"), notice.subject());
            assertTrue(
                    notice.message()
                            .contains(
                                    h.sandbox.scenario().dr().fileSystemId() + " in " + DR + " IS PROMOTED (writable)"),
                    notice.message());
            assertTrue(notice.message().contains("No workload was scaled up"), notice.message());
        }
    }

    @Test
    void failback_withHooksAtItsPoints_callsEachInOrder() {
        String all = "["
                + String.join(
                        ", ",
                        hook("beforeQuiesce", CHECK, 20, "abort"),
                        hook("afterPromotion", CHECK, 20, "abort"),
                        hook("afterWave", WARM, 20, "continue"),
                        hook("afterReadiness", SMOKE, 20, "abort"),
                        hook("afterFailback", SMOKE, 20, "abort"),
                        hook("beforeFence", CHECK, 20, "abort"))
                + "]";
        String functions = "{\"" + CHECK + "\": {\"result\": \"ok\"}, \"" + WARM + "\": {\"result\": \"ok\"}, \""
                + SMOKE + "\": {\"result\": \"ok\"}}";
        try (DrillHarness h = new DrillHarness(scenario(all, functions, ", \"activeSide\": \"dr\""))) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(
                    List.of("beforeQuiesce", "afterPromotion", "afterWave", "afterReadiness", "afterFailback"),
                    report.hooks().stream().map(DrillReport.HookView::at).toList(),
                    "beforeFence is a failover point");
            assertTrue(
                    report.hooks().stream().allMatch(v -> v.status().equals("ok")),
                    report.hooks().toString());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
        }
    }

    private static List<String> keys(DrillHarness h, String arn) {
        return payloads(h, arn).stream()
                .map(p -> p.path("idempotencyKey").asText())
                .toList();
    }

    @Test
    void failover_whenLambdaAnswers500AfterTheHookRan_callsItOnceAndReportsItFailed() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 60, "continue") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\"}}",
                ", \"faults\": [{\"service\": \"lambda\", \"operation\": \"Invoke\", \"error\": \"5xx\", \"times\": 1}]");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(1, payloads(h, SMOKE).size(), "the SDK did not send it again: the function ran once");
            DrillReport.HookView call = report.hooks().getFirst();
            assertEquals("fail", call.status(), "its outcome is unknown: reported failed");
            assertEquals(1, call.invocations());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
        }
    }

    @Test
    void failover_whenLambdaThrottlesTheHookOnce_sendsItAgainAndItRunsOnce() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 60, "abort") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\"}}",
                ", \"faults\": [{\"service\": \"lambda\", \"operation\": \"Invoke\", \"error\": \"throttling\","
                        + " \"times\": 1}]");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            List<JsonNode> runs = payloads(h, SMOKE);
            assertEquals(1, runs.size(), "a 429 comes before the function runs");
            assertEquals(
                    2, runs.getFirst().path("attempt").asInt(), runs.getFirst().toString());
            assertEquals("ok", report.hooks().getFirst().status());
            assertEquals(1, report.hooks().getFirst().invocations());
        }
    }

    @Test
    void failover_whenLambdaThrottlesTheHookForGood_reportsItFailedUnrunAndTheJudgeAgrees() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 5, "continue") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\"}}",
                ", \"faults\": [{\"service\": \"lambda\", \"operation\": \"Invoke\", \"error\": \"throttling\"}]");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(List.of(), payloads(h, SMOKE), "a 429 comes before the function runs: it never ran");
            DrillReport.HookView call = report.hooks().getFirst();
            assertEquals("fail", call.status(), report.hooks().toString());
            assertEquals(0, call.invocations());
            assertTrue(
                    h.sandbox.aws().lambda().refusals().stream()
                            .anyMatch(r -> r.functionArn().equals(SMOKE)
                                    && call.idempotencyKey().equals(r.idempotencyKey())),
                    "the stand-in refused the call's requests: "
                            + h.sandbox.aws().lambda().refusals());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    "a call Lambda refused every time is consistent with no run: " + report.invariantViolations());
        }
    }

    @Test
    void failover_whenLambdaRunsTheHookTwice_reportsTwoInvocationsWithOneKey() {
        String scenario = scenario(
                "[" + hook("afterReadiness", SMOKE, 60, "abort") + "]",
                "{\"" + SMOKE + "\": {\"result\": \"ok\", \"duplicate\": true}}",
                "");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            List<String> keys = keys(h, SMOKE);
            assertEquals(2, keys.size(), "Lambda ran it twice");
            assertEquals(keys.get(0), keys.get(1));
            assertEquals(1, report.hooks().size(), "one call");
            assertEquals(keys.getFirst(), report.hooks().getFirst().idempotencyKey());
            assertEquals(2, report.hooks().getFirst().invocations(), "counted from the stand-in's journal");
        }
    }

    @Test
    void failover_whenTheRunHooksStepIsRetriedAndRedriven_everyCallOfTheHookCarriesTheSameKey() throws Exception {
        String scenario = scenario(
                "[" + hook("beforeFence", CHECK, 20, "abort") + "]", "{\"" + CHECK + "\": {\"result\": \"ok\"}}", "");
        try (DrillHarness h = new DrillHarness(scenario);
                HandlerHost host = new HandlerHost(h.sandbox)) {
            host.crashAfterHandler("RunHooksFunction", 4);
            DrillReport report = h.drill
                    .redriving()
                    .run(h.sandbox, host, "failover", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(1, report.redrives(), "the Task's three retries crashed too, then the redrive ran it");
            List<String> keys = keys(h, CHECK);
            assertEquals(5, keys.size(), keys.toString());
            assertEquals(1, keys.stream().distinct().count(), "the same call each time: " + keys);
            assertEquals(keys.getFirst(), report.hooks().getFirst().idempotencyKey());
            assertEquals(5, report.hooks().getFirst().invocations());
        }
    }
}
