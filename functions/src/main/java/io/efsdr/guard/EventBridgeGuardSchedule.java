package io.efsdr.guard;

import io.efsdr.aws.AwsCalls;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The guard's schedule as an EventBridge rule the template creates DISABLED: EnableRule and
 * DisableRule change only its state (both are idempotent) and need only the rule's ARN, where an
 * EventBridge Scheduler schedule would have to be re-sent whole with UpdateSchedule, and its role
 * passed (iam:PassRole).
 */
public final class EventBridgeGuardSchedule implements GuardSchedule {
    private final Supplier<EventBridgeClient> events;
    private final String ruleName;

    public EventBridgeGuardSchedule(Supplier<EventBridgeClient> events, String ruleName) {
        this.events = events;
        this.ruleName = ruleName;
    }

    @Override
    public void enable() {
        AwsCalls.call("EventBridge EnableRule " + ruleName, () -> events.get().enableRule(r -> r.name(ruleName)));
    }

    @Override
    public void disable() {
        AwsCalls.call("EventBridge DisableRule " + ruleName, () -> events.get().disableRule(r -> r.name(ruleName)));
    }
}
