package io.efsdr.plan;

import java.util.List;

/** Counts the pods of the given workloads that exist in a site's cluster (they may write). */
public interface WorkloadCensus {
    int runningReplicas(Site site, List<Workload> workloads, int concurrency);
}
