package io.efsdr.plan;

import java.util.List;

/**
 * The workloads a plan protects: an explicit list, a label selector, or both. In a step's input
 * the set is either resolved ({@code selector} null, the run's workloads in {@code items}) or, for
 * a run too large to carry, the stored plan's own items and selector, which the step resolves
 * again through {@link WorkloadResolution} before it acts.
 */
public record WorkloadSet(List<Workload> items, WorkloadSelector selector) {
    public WorkloadSet {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static WorkloadSet resolved(List<Workload> items) {
        return new WorkloadSet(items, null);
    }

    /**
     * The run's workloads. Fails on a set that still has a selector: acting on its explicit items
     * alone would silently skip every selected workload.
     */
    public List<Workload> list() {
        if (selector != null) {
            throw new IllegalStateException(
                    "the plan's selector was not resolved: resolve it with WorkloadResolution before acting");
        }
        return items;
    }
}
