package io.efsdr.plan;

import java.util.List;

/**
 * The workloads a plan protects: an explicit list, a label selector, or both. After validation
 * the resolved list is in {@code items} and {@code selector} is null, so every later step works
 * on the same fixed set.
 */
public record WorkloadSet(List<Workload> items, WorkloadSelector selector) {
  public WorkloadSet {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public static WorkloadSet resolved(List<Workload> items) {
    return new WorkloadSet(items, null);
  }
}
