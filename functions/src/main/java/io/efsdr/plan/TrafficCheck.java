package io.efsdr.plan;

import java.util.List;

/** A look at the plan's traffic switch target before a run changes anything. */
@FunctionalInterface
public interface TrafficCheck {
    /** No check. */
    TrafficCheck NONE = plan -> List.of();

    /**
     * @return warnings for the run (a read that failed)
     * @throws io.efsdr.error.InvalidInputException when the switch's target is not one it may change
     */
    List<String> check(DrPlan plan);
}
