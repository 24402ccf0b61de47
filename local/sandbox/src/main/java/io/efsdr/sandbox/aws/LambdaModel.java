package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.VirtualClock;
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
    /** How a function behaves: {@code fail} raises an unhandled error; {@code delaySeconds} of virtual time. */
    public record Behaviour(boolean fails, long delaySeconds) {}

    /** One invocation as the stand-in saw it. */
    public record Invocation(Instant at, String region, String functionArn, String payload, boolean failed) {}

    private final VirtualClock clock;
    private final Map<String, Behaviour> functions = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

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

    /** Runs the function: the clock moves on by its delay; true when it failed. */
    boolean invoke(String region, String functionArn, String payload) {
        Behaviour behaviour = functions.get(functionArn);
        clock.advance(Duration.ofSeconds(behaviour.delaySeconds()));
        invocations.add(new Invocation(clock.instant(), region, functionArn, payload, behaviour.fails()));
        return behaviour.fails();
    }

    /** Every invocation so far, in order. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }
}
