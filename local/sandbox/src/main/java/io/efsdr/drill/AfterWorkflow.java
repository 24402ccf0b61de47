package io.efsdr.drill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.EventBridgeModel;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The world after the workflow: for the scenario's {@code observeSeconds} the sandbox clock moves
 * on in steps of at most {@link #STEP}, the primary region comes back when the scenario says, and
 * every ENABLED schedule rule fires its function at its rate (first one rate after it was enabled)
 * through the function's entry point, as EventBridge would; a disabled rule fires nothing.
 */
final class AfterWorkflow {
    static final Duration STEP = Duration.ofSeconds(10);

    private final Sandbox sandbox;
    private final HandlerHost host;
    private final PrintStream out;
    private final String participant;
    private final Map<String, Instant> nextFire = new HashMap<>();

    /**
     * @param participant the name the observation sleeps under in the host's {@link ClockCoordinator}
     *     (the execution's): while another execution of a sequence runs, the clock moves only when
     *     both sleep
     */
    AfterWorkflow(Sandbox sandbox, HandlerHost host, PrintStream out, String participant) {
        this.sandbox = sandbox;
        this.host = host;
        this.out = out;
        this.participant = participant;
    }

    void observe() {
        long seconds = sandbox.scenario().observeSeconds();
        if (seconds == 0) {
            return;
        }
        Instant end = sandbox.clock().instant().plusSeconds(seconds);
        out.printf("OBSERVE: the world runs %d s more (sandbox time), schedule rules fire while enabled%n", seconds);
        while (true) {
            Instant now = sandbox.clock().instant();
            if (sandbox.primaryReturnIfDue()) {
                out.printf(
                        "  +%s primary region %s is back, its pods still running%n",
                        now, sandbox.scenario().primary().region());
            }
            for (EventBridgeModel.Rule rule : sandbox.aws().events().rules()) {
                fireIfDue(rule, now);
            }
            sandbox.observe();
            if (!now.isBefore(end)) {
                return;
            }
            Instant next = now.plus(STEP);
            next = earliest(next, end);
            next = earliest(next, sandbox.primaryDown() ? sandbox.primaryReturnsAt() : null);
            for (Instant due : nextFire.values()) {
                next = due.isAfter(now) ? earliest(next, due) : next;
            }
            try {
                host.clockCoordinator().sleepUntil(participant, next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while observing", e);
            }
        }
    }

    private void fireIfDue(EventBridgeModel.Rule rule, Instant now) {
        String key = rule.region() + "/" + rule.name();
        if (!rule.enabled()) {
            nextFire.remove(key);
            return;
        }
        Instant due = nextFire.computeIfAbsent(key, k -> rule.changedAt().plus(rule.rate()));
        if (now.isBefore(due)) {
            return;
        }
        nextFire.put(key, now.plus(rule.rate()));
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0")
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("region", rule.region())
                .put("time", now.toString());
        event.putArray("resources").add("arn:aws:events:" + rule.region() + ":000000000000:rule/" + rule.name());
        event.putObject("detail");
        try {
            var result = host.invokeDirectly(rule.function(), event);
            out.printf(
                    "  %s %s: %s%n",
                    now, rule.function(), result.path("summary").asText(result.toString()));
        } catch (IOException | RuntimeException e) {
            out.printf("  %s %s failed: %s%n", now, rule.function(), e.getMessage());
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
