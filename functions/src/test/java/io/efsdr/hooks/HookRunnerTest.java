package io.efsdr.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.plan.Hook;
import io.efsdr.plan.HookFailure;
import io.efsdr.plan.HookPoint;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookRunnerTest {
    private static final String A = "arn:aws:lambda:us-west-2:123456789012:function:a";
    private static final String B = "arn:aws:lambda:us-west-2:123456789012:function:b";

    private final TestClock clock = new TestClock(Plans.T0);
    private final Map<String, HookInvoker.Invocation> answers = new HashMap<>();
    private final Map<String, Long> delays = new HashMap<>();
    private final List<String> called = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final HookInvoker invoker = (arn, payload, timeout) -> {
        called.add(arn);
        payloads.add(payload.apply(1));
        clock.advanceSeconds(delays.getOrDefault(arn, 1L));
        return answers.getOrDefault(arn, new HookInvoker.Invocation(HookInvoker.Outcome.ANSWERED, null, "{}"));
    };
    private final HookRunner runner = new HookRunner(invoker, clock);

    private static HookContext context(String point, Integer wave, boolean dryRun) {
        return new HookContext("failover", point, wave, "run-1", "shop", dryRun, Plans.PRIMARY, Plans.DR, 42L, null);
    }

    private static Hook hook(HookPoint at, String arn, int timeout, HookFailure onFailure) {
        return new Hook(at, arn, timeout, onFailure);
    }

    @Test
    void run_whenEveryHookAnswers_callsThemInPlanOrderWithTheContext() {
        HookRecord record = runner.run(
                List.of(
                        hook(HookPoint.AFTER_READINESS, A, 10, HookFailure.ABORT),
                        hook(HookPoint.AFTER_READINESS, B, 10, HookFailure.ABORT)),
                HookPoint.AFTER_READINESS,
                context("afterReadiness", null, false),
                null);

        assertEquals(List.of(A, B), called);
        assertTrue(payloads.getFirst().contains("\"point\":\"afterReadiness\""), payloads.getFirst());
        assertTrue(payloads.getFirst().contains("\"dataLossWindowSeconds\":42"), payloads.getFirst());
        assertTrue(payloads.getFirst().contains(Plans.DR_FS), payloads.getFirst());
        assertEquals(
                List.of(HookStatus.OK, HookStatus.OK),
                record.results().stream().map(HookResult::status).toList());
        assertEquals(1000, record.results().getFirst().durationMs(), "measured on the run's clock");
        assertFalse(record.aborted());
    }

    @Test
    void run_whenAnAbortHookAnswersFail_stopsThePointAndMarksTheRecordAborted() {
        answers.put(A, new HookInvoker.Invocation(HookInvoker.Outcome.ANSWERED, null, "{\"status\":\"fail\"}"));

        HookRecord record = runner.run(
                List.of(
                        hook(HookPoint.BEFORE_FENCE, A, 10, HookFailure.ABORT),
                        hook(HookPoint.BEFORE_FENCE, B, 10, HookFailure.ABORT)),
                HookPoint.BEFORE_FENCE,
                context("beforeFence", null, false),
                null);

        assertEquals(List.of(A), called, "the hooks after it are not called, and it is called once");
        assertTrue(record.aborted());
        assertEquals(A, record.abortedBy().target());
        assertEquals(HookStatus.FAIL, record.abortedBy().status());
    }

    @Test
    void run_whenAContinueHookRaisesAFunctionError_reportsItAndRunsTheNext() {
        answers.put(
                A, new HookInvoker.Invocation(HookInvoker.Outcome.ANSWERED, "Unhandled", "{\"errorMessage\":\"x\"}"));

        HookRecord record = runner.run(
                List.of(
                        hook(HookPoint.AFTER_WAVE, A, 10, HookFailure.CONTINUE),
                        hook(HookPoint.AFTER_WAVE, B, 10, HookFailure.ABORT)),
                HookPoint.AFTER_WAVE,
                context("afterWave", 2, false),
                null);

        assertEquals(List.of(A, B), called);
        assertEquals(HookStatus.FAIL, record.results().getFirst().status());
        assertEquals(2, record.results().getFirst().wave());
        assertFalse(record.aborted());
    }

    @Test
    void run_whenAHookTakesLongerThanItsTimeout_reportsATimeout() {
        delays.put(A, 11L);

        HookRecord record = runner.run(
                List.of(hook(HookPoint.AFTER_READINESS, A, 10, HookFailure.CONTINUE)),
                HookPoint.AFTER_READINESS,
                context("afterReadiness", null, false),
                null);

        assertEquals(HookStatus.TIMEOUT, record.results().getFirst().status());
    }

    @Test
    void run_whenTheCallTimesOutOrFails_reportsTimeoutOrFail() {
        answers.put(A, new HookInvoker.Invocation(HookInvoker.Outcome.TIMED_OUT, null, "timed out"));
        answers.put(B, new HookInvoker.Invocation(HookInvoker.Outcome.ERROR, null, "ResourceNotFoundException"));

        HookRecord record = runner.run(
                List.of(
                        hook(HookPoint.AFTER_READINESS, A, 10, HookFailure.CONTINUE),
                        hook(HookPoint.AFTER_READINESS, B, 10, HookFailure.CONTINUE)),
                HookPoint.AFTER_READINESS,
                context("afterReadiness", null, false),
                null);

        assertEquals(
                List.of(HookStatus.TIMEOUT, HookStatus.FAIL),
                record.results().stream().map(HookResult::status).toList());
    }

    @Test
    void run_inADryRun_callsNothingAndReportsEachSkipped() {
        HookRecord record = runner.run(
                List.of(hook(HookPoint.BEFORE_FENCE, A, 10, HookFailure.ABORT)),
                HookPoint.BEFORE_FENCE,
                context("beforeFence", null, true),
                null);

        assertEquals(List.of(), called);
        assertEquals(HookStatus.SKIPPED_DRY_RUN, record.results().getFirst().status());
        assertFalse(record.aborted());
    }

    @Test
    void run_afterAnEarlierPoint_keepsItsResultsAndBoundsTheRecord() {
        HookRecord first = runner.run(
                List.of(hook(HookPoint.BEFORE_FENCE, A, 10, HookFailure.ABORT)),
                HookPoint.BEFORE_FENCE,
                context("beforeFence", null, false),
                null);
        HookRecord second = runner.run(
                List.of(hook(HookPoint.AFTER_READINESS, B, 10, HookFailure.ABORT)),
                HookPoint.AFTER_READINESS,
                context("afterReadiness", null, false),
                first);

        assertEquals(
                List.of("beforeFence", "afterReadiness"),
                second.results().stream().map(HookResult::at).toList());
        assertEquals(first.startedAt(), second.startedAt());

        HookRecord many = second;
        for (int i = 0; i < HookRecord.MAX_KEPT; i++) {
            many = runner.run(
                    List.of(hook(HookPoint.AFTER_WAVE, A, 10, HookFailure.CONTINUE)),
                    HookPoint.AFTER_WAVE,
                    context("afterWave", i, false),
                    many);
        }
        assertEquals(HookRecord.MAX_KEPT, many.results().size());
        assertEquals(2, many.dropped());
    }

    @Test
    void run_whenThePointHasNoHook_reportsNothingNew() {
        HookRecord record =
                runner.run(List.of(), HookPoint.AFTER_FAILBACK, context("afterFailback", null, false), null);

        assertEquals(List.of(), record.results());
        assertNull(record.startedAt(), "left out of the timeline");
        assertEquals(Duration.ZERO, Duration.between(Plans.T0, clock.instant()));
    }

    @Test
    void run_whenTheWorkflowDoesNotReachThePoint_callsNothing() {
        HookRecord record = runner.run(
                List.of(hook(HookPoint.BEFORE_FENCE, A, 10, HookFailure.ABORT)),
                HookPoint.BEFORE_FENCE,
                new HookContext(
                        "failback", "beforeFence", null, "run-1", "shop", false, Plans.PRIMARY, Plans.DR, null, null),
                null);

        assertEquals(List.of(), called);
        assertEquals(List.of(), record.results());
    }

    @Test
    void run_callsOnlyThePointsHooksAndKeysEachByItsIndexInThePlan() {
        List<Hook> plan = List.of(
                hook(HookPoint.BEFORE_FENCE, A, 10, HookFailure.ABORT),
                hook(HookPoint.AFTER_READINESS, B, 10, HookFailure.CONTINUE),
                hook(HookPoint.AFTER_READINESS, B, 10, HookFailure.CONTINUE));

        HookRecord record = runner.run(plan, HookPoint.AFTER_READINESS, context("afterReadiness", null, false), null);

        assertEquals(List.of(B, B), called);
        List<String> keys =
                record.results().stream().map(HookResult::idempotencyKey).toList();
        assertEquals(
                List.of(
                        HookRunner.idempotencyKey(context("afterReadiness", null, false), 1),
                        HookRunner.idempotencyKey(context("afterReadiness", null, false), 2)),
                keys,
                "the same hook twice in the plan: two calls, two keys");
        assertTrue(payloads.getFirst().contains("\"idempotencyKey\":\"" + keys.getFirst() + "\""), payloads.getFirst());
        assertTrue(payloads.getFirst().contains("\"attempt\":1"), payloads.getFirst());
    }

    @Test
    void run_whenTheSameCallIsMadeAgain_sendsTheSameKey() {
        List<Hook> plan = List.of(hook(HookPoint.AFTER_WAVE, A, 10, HookFailure.CONTINUE));

        HookRecord first = runner.run(plan, HookPoint.AFTER_WAVE, context("afterWave", 2, false), null);
        HookRecord retried = runner.run(plan, HookPoint.AFTER_WAVE, context("afterWave", 2, false), null);
        HookRecord nextWave = runner.run(plan, HookPoint.AFTER_WAVE, context("afterWave", 3, false), null);

        String key = first.results().getFirst().idempotencyKey();
        assertEquals(32, key.length(), key);
        assertEquals(key, retried.results().getFirst().idempotencyKey(), "a Step Functions retry or a redrive");
        assertFalse(key.equals(nextWave.results().getFirst().idempotencyKey()), "another wave is another call");
        assertFalse(
                key.equals(HookRunner.idempotencyKey(
                        new HookContext(
                                "failover", "afterWave", 2, "run-2", "shop", false, Plans.PRIMARY, Plans.DR, 42L, null),
                        0)),
                "another execution is another call");
    }
}
