package io.efsdr.plan;

import java.util.List;

/** Finds the workloads a selector names in one site's cluster, with their annotated replicas. */
public interface WorkloadLister {
    List<Workload> list(Site site, WorkloadSelector selector);
}
