package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Lambda functions the plan's hooks call: each answers ok or fails, after a delay the sandbox's
 * virtual clock is moved on by (the call itself returns at once). Every invocation is journaled
 * with its payload. Thread-safe.
 */
public final class LambdaModel {
    /**
     * How a function behaves: {@code fail} raises an unhandled error; {@code delaySeconds} of virtual
     * time; {@code duplicate} runs it twice for one request (Lambda may run a function more than once:
     * AWS Lambda API reference, Invoke, "When an error occurs, your function may be invoked multiple
     * times"; the Lambda developer guide asks for idempotent functions).
     */
    public record Behaviour(boolean fails, long delaySeconds, boolean duplicate) {}

    /** One run of a function as the stand-in saw it. */
    public record Invocation(Instant at, String region, String functionArn, String payload, boolean failed) {
        /** The {@code idempotencyKey} of the payload; null when it has none. */
        public String idempotencyKey() {
            try {
                JsonNode key = Json.MAPPER.readTree(payload).get("idempotencyKey");
                return key == null || !key.isTextual() ? null : key.asText();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * One request Lambda refused before the function ran: a throttle ({@code TooManyRequestsException},
     * 429; AWS Lambda API reference, Invoke, Errors: "The request throughput limit was exceeded").
     * The function did not run, so it is not an {@link Invocation}.
     */
    public record Refusal(Instant at, String region, String functionArn, String payload, int status) {
        /** The {@code idempotencyKey} of the payload; null when it has none. */
        public String idempotencyKey() {
            return new Invocation(at, region, functionArn, payload, false).idempotencyKey();
        }
    }

    private final VirtualClock clock;
    private final Map<String, Behaviour> functions = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    LambdaModel(VirtualClock clock) {
        this.clock = clock;
    }

    /** Creates (or replaces) the function {@code functionArn}. */
    public void define(String functionArn, Behaviour behaviour) {
        functions.put(functionArn, behaviour);
    }

    /**
     * The function a {@code FunctionName} names: a full ARN (a qualifier after the name is ignored),
     * or the bare name, in the caller's region.
     */
    Optional<String> resolve(String region, String functionName) {
        String name = functionName.contains(":function:")
                ? functionName.substring(functionName.indexOf(":function:") + ":function:".length())
                : functionName;
        String bare = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        return functions.keySet().stream()
                .filter(arn -> arn.endsWith(":function:" + bare)
                        && (functionName.contains(":function:")
                                ? functionName.startsWith(arn)
                                : arn.split(":")[3].equals(region)))
                .findFirst();
    }

    /**
     * Runs the function (twice with {@code duplicate}, side by side): the clock moves on by its
     * delay; true when it failed.
     */
    boolean invoke(String region, String functionArn, String payload) {
        Behaviour behaviour = functions.get(functionArn);
        clock.advance(Duration.ofSeconds(behaviour.delaySeconds()));
        Invocation invocation = new Invocation(clock.instant(), region, functionArn, payload, behaviour.fails());
        invocations.add(invocation);
        if (behaviour.duplicate()) {
            invocations.add(invocation);
        }
        return behaviour.fails();
    }

    /** Every invocation so far, in order. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** Journals a request to {@code functionArn} refused with {@code status} before the function ran. */
    void refuse(String region, String functionArn, String payload, int status) {
        refusals.add(new Refusal(clock.instant(), region, functionArn, payload, status));
    }

    /** Every request refused before its function ran, in order. Ground truth for the drill's judge. */
    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }
}
