package io.efsdr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void next_whenRuleFaultsEveryTwentiethCall_faultsExactlyOneInTwenty() {
        FaultPlan plan = new FaultPlan();
        plan.add(new FaultPlan.Fault("kubernetes", "*", null, FaultKind.THROTTLING, null, 20));

        long faulted = IntStream.range(0, 1000)
                .filter(i -> plan.next("kubernetes", "patch:scale", "us-west-2").isPresent())
                .count();

        assertEquals(50, faulted);
        assertEquals(50, plan.injectedCount("kubernetes", "patch:scale"));
    }

    @Test
    void next_whenEveryRuleIsCounted_stopsAfterItsTimes() {
        FaultPlan plan = new FaultPlan();
        plan.add(new FaultPlan.Fault("kubernetes", "get", null, FaultKind.THROTTLING, 2, 3));

        long faulted = IntStream.range(0, 30)
                .filter(i -> plan.next("kubernetes", "get", "us-west-2").isPresent())
                .count();

        assertEquals(2, faulted);
    }
}
