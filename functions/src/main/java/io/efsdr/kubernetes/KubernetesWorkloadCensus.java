package io.efsdr.kubernetes;

import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadCensus;
import java.util.List;

/** Counts existing pods ({@code status.replicas}) of the given workloads; a missing workload has none. */
public final class KubernetesWorkloadCensus implements WorkloadCensus {
    private final KubernetesClusters connections;

    public KubernetesWorkloadCensus(KubernetesClusters connections) {
        this.connections = connections;
    }

    @Override
    public int runningReplicas(Site site, List<Workload> workloads, int concurrency) {
        KubernetesApi client = connections.client(site);
        return Parallel.map(
                        workloads,
                        concurrency,
                        w -> client.get(Paths.workload(w))
                                .map(o -> o.path("status").path("replicas").asInt(0))
                                .orElse(0))
                .stream()
                .mapToInt(Integer::intValue)
                .sum();
    }
}
