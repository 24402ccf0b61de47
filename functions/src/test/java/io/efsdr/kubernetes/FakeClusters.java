package io.efsdr.kubernetes;

import io.efsdr.plan.Site;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link FakeCluster} per site's cluster. */
public final class FakeClusters implements KubernetesClusters {
    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();

    public FakeCluster of(Site site) {
        return clusters.computeIfAbsent(site.clusterName(), FakeCluster::new);
    }

    @Override
    public KubernetesApi client(Site site) {
        return of(site);
    }
}
