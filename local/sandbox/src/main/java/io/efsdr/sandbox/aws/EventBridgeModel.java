package io.efsdr.sandbox.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EventBridge schedule rules per region, with their state and the function they target. EnableRule
 * and DisableRule change only the state; both succeed on a rule already in that state, and a rule
 * that does not exist is {@code ResourceNotFoundException} (EventBridge API reference, EnableRule,
 * DisableRule). The drill fires an ENABLED rule's function at its rate, as EventBridge would.
 */
public final class EventBridgeModel {
    /** One rule: its rate, the function it invokes, whether it is enabled, and when that last changed. */
    public record Rule(
            String region, String name, Duration rate, String function, boolean enabled, Instant changedAt) {}

    private final Clock clock;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    EventBridgeModel(Clock clock) {
        this.clock = clock;
    }

    /** Seeds a schedule rule (as the template creates it). */
    public void putRule(String region, String name, Duration rate, String function, boolean enabled) {
        rules.put(key(region, name), new Rule(region, name, rate, function, enabled, clock.instant()));
    }

    public Optional<Rule> rule(String region, String name) {
        return Optional.ofNullable(rules.get(key(region, name)));
    }

    public List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    void setEnabled(String region, String name, boolean enabled) {
        rules.compute(key(region, name), (k, rule) -> {
            if (rule == null) {
                throw new ServiceError(
                        400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default.");
            }
            return rule.enabled() == enabled
                    ? rule
                    : new Rule(rule.region(), rule.name(), rule.rate(), rule.function(), enabled, clock.instant());
        });
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }
}
