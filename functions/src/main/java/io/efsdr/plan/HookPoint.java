package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Where a workflow calls the plan's hooks. {@link #BEFORE_FENCE} and {@link #BEFORE_QUIESCE} come
 * before the point of no return (nothing is promoted yet; an abort there changes nothing), the
 * others after it.
 */
public enum HookPoint {
    BEFORE_FENCE("beforeFence", Set.of("failover"), true),
    AFTER_PROMOTION("afterPromotion", Set.of("failover", "failback"), false),
    AFTER_WAVE("afterWave", Set.of("failover", "failback"), false),
    AFTER_READINESS("afterReadiness", Set.of("failover", "failback"), false),
    BEFORE_QUIESCE("beforeQuiesce", Set.of("failback"), true),
    AFTER_FAILBACK("afterFailback", Set.of("failback"), false);

    private final String json;
    private final Set<String> workflows;
    private final boolean beforePointOfNoReturn;

    HookPoint(String json, Set<String> workflows, boolean beforePointOfNoReturn) {
        this.json = json;
        this.workflows = workflows;
        this.beforePointOfNoReturn = beforePointOfNoReturn;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether {@code workflow} ({@code failover} or {@code failback}) reaches this point. */
    public boolean occursIn(String workflow) {
        return workflows.contains(workflow);
    }

    /** Whether the point comes before the workflow's promotion, so an abort leaves nothing promoted. */
    public boolean beforePointOfNoReturn() {
        return beforePointOfNoReturn;
    }

    public static Optional<HookPoint> of(String json) {
        return Arrays.stream(values()).filter(p -> p.json.equals(json)).findFirst();
    }
}
