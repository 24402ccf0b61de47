package io.efsdr.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Hook;
import io.efsdr.plan.HookFailure;
import io.efsdr.plan.HookPoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the plan's hooks for one point, in plan order, each once: a dry run calls none (a hook may
 * change things) and reports each as skipped. A hook fails when its call fails, when the function
 * raises an error, or when it answers {@code {"status": "fail"}}; a call that took longer than the
 * hook's {@code timeoutSeconds} on the run's clock is a timeout. A failed hook with {@code onFailure:
 * abort} stops the point (the hooks after it are not called) and marks the record aborted; with
 * {@code continue} it is reported and the next hook runs. A hook whose answer was fail is not called
 * again: the answer is the hook's decision.
 *
 * <p>Each call carries an idempotency key ({@link #idempotencyKey}) that is the same every time the
 * same call is made again (a throttled request sent again, a Step Functions retry of the RunHooks
 * step, a redrive), and the attempt number of the request as a separate field; Lambda may run a
 * function more than once for one request, so a hook must treat a key it has seen as done.
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
     * @param planHooks the plan's hooks, every point, in plan order (a hook's index in it is part of
     *     its idempotency key)
     * @param at the point to run: its hooks that {@code context.workflow()} reaches
     * @param previous what the run's earlier points reported; null for none
     */
    public HookRecord run(List<Hook> planHooks, HookPoint at, HookContext context, HookRecord previous) {
        HookRecord before = previous == null ? HookRecord.empty() : previous;
        List<HookResult> results = new ArrayList<>();
        HookResult abortedBy = null;
        boolean reached = at.occursIn(context.workflow());
        for (int index = 0; index < planHooks.size() && reached; index++) {
            Hook hook = planHooks.get(index);
            if (hook.at() != at) {
                continue;
            }
            String key = idempotencyKey(context, index);
            HookResult result = context.dryRun() ? skipped(hook, context, key) : call(hook, context, key);
            results.add(result);
            if (result.status().failed() && hook.onFailure() == HookFailure.ABORT) {
                abortedBy = result;
                break;
            }
        }
        return before.with(results, abortedBy, clock.instant());
    }

    /**
     * The key of one hook call: the same on every retry of the call (a throttled request, a Step
     * Functions retry, a redrive), different for every other call. A SHA-256 of the workflow, the
     * execution's name (unique per state machine), the point, the wave ({@code afterWave}) and the
     * hook's index in the plan, as 32 hex digits.
     */
    static String idempotencyKey(HookContext context, int index) {
        String identity = String.join(
                "\n",
                context.workflow(),
                context.executionName(),
                context.point(),
                context.wave() == null ? "" : context.wave().toString(),
                Integer.toString(index));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private HookResult skipped(Hook hook, HookContext context, String key) {
        return new HookResult(
                context.point(),
                hook.lambda(),
                context.wave(),
                HookStatus.SKIPPED_DRY_RUN,
                0,
                "not called: a dry run calls no hook",
                hook.onFailure(),
                clock.instant(),
                key,
                0);
    }

    private HookResult call(Hook hook, HookContext context, String key) {
        Duration bound = Duration.ofSeconds(hook.timeoutSeconds());
        Instant started = clock.instant();
        HookInvoker.Invocation invocation =
                invoker.invoke(hook.lambda(), attempt -> payload(context, key, attempt), bound);
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
                started,
                key,
                invocation.attempts());
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

    /** What the hook gets: the context, its call's idempotency key and the request's attempt number. */
    static String payload(HookContext context, String key, int attempt) {
        ObjectNode payload = Json.MAPPER.valueToTree(context);
        payload.put("idempotencyKey", key);
        payload.put("attempt", attempt);
        return payload.toString();
    }
}
