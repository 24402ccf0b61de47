package io.efsdr.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Hook;
import io.efsdr.plan.HookFailure;
import io.efsdr.plan.HookPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the plan's hooks for one point, in plan order, each once: a dry run calls none (a hook may
 * change things) and reports each as skipped. A hook fails when its call fails, when the function
 * raises an error, or when it answers {@code {"status": "fail"}}; a call that took longer than the
 * hook's {@code timeoutSeconds} on the run's clock is a timeout. A failed hook with {@code onFailure:
 * abort} stops the point (the hooks after it are not called) and marks the record aborted; with
 * {@code continue} it is reported and the next hook runs. A hook whose answer was fail is not called
 * again: the answer is the hook's decision.
 */
public final class HookRunner {
    static final int MAX_ANSWER_CHARS = 512;

    private final HookInvoker invoker;
    private final Clock clock;

    public HookRunner(HookInvoker invoker, Clock clock) {
        this.invoker = invoker;
        this.clock = clock;
    }

    /**
     * @param hooks the plan's hooks for {@code context.point()}, in plan order
     * @param previous what the run's earlier points reported; null for none
     */
    public HookRecord run(List<Hook> hooks, HookContext context, HookRecord previous) {
        HookRecord before = previous == null ? HookRecord.empty() : previous;
        List<HookResult> results = new ArrayList<>();
        HookResult abortedBy = null;
        String payload = payload(context);
        for (Hook hook : hooks) {
            HookResult result = context.dryRun() ? skipped(hook, context) : call(hook, context, payload);
            results.add(result);
            if (result.status().failed() && hook.onFailure() == HookFailure.ABORT) {
                abortedBy = result;
                break;
            }
        }
        return before.with(results, abortedBy, clock.instant());
    }

    /** The hooks of {@code point} that {@code workflow} reaches. */
    public static List<Hook> at(List<Hook> hooks, HookPoint point, String workflow) {
        return point.occursIn(workflow)
                ? hooks.stream().filter(h -> h.at() == point).toList()
                : List.of();
    }

    private HookResult skipped(Hook hook, HookContext context) {
        return new HookResult(
                context.point(),
                hook.lambda(),
                context.wave(),
                HookStatus.SKIPPED_DRY_RUN,
                0,
                "not called: a dry run calls no hook",
                hook.onFailure(),
                clock.instant());
    }

    private HookResult call(Hook hook, HookContext context, String payload) {
        Duration bound = Duration.ofSeconds(hook.timeoutSeconds());
        Instant started = clock.instant();
        HookInvoker.Invocation invocation = invoker.invoke(hook.lambda(), payload, bound);
        long millis = Duration.between(started, clock.instant()).toMillis();
        HookStatus status;
        String answer = invocation.payload();
        if (invocation.outcome() == HookInvoker.Outcome.TIMED_OUT || millis > bound.toMillis()) {
            status = HookStatus.TIMEOUT;
            answer = "took " + millis + " ms, longer than its timeoutSeconds of " + hook.timeoutSeconds()
                    + (answer == null || answer.isEmpty() ? "" : ": " + answer);
        } else if (invocation.outcome() == HookInvoker.Outcome.ERROR) {
            status = HookStatus.FAIL;
            answer = "the call failed: " + answer;
        } else if (invocation.functionError() != null) {
            status = HookStatus.FAIL;
            answer = "function error " + invocation.functionError() + ": " + answer;
        } else {
            status = answeredFail(answer) ? HookStatus.FAIL : HookStatus.OK;
        }
        return new HookResult(
                context.point(),
                hook.lambda(),
                context.wave(),
                status,
                millis,
                truncate(answer),
                hook.onFailure(),
                started);
    }

    /** Whether the answer is a JSON object saying {@code "status": "fail"}. */
    static boolean answeredFail(String answer) {
        if (answer == null || !answer.trim().startsWith("{")) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(answer);
            return "fail".equalsIgnoreCase(node.path("status").asText(""));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static String truncate(String answer) {
        if (answer == null) {
            return "";
        }
        String line = answer.strip();
        return line.length() <= MAX_ANSWER_CHARS ? line : line.substring(0, MAX_ANSWER_CHARS - 3) + "...";
    }

    private static String payload(HookContext context) {
        try {
            return Json.MAPPER.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hook context always serializes", e);
        }
    }
}
