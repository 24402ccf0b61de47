package io.efsdr.kubernetes;

import io.efsdr.eks.ClusterDirectory;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.plan.Site;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link KubernetesClient} per cluster, built on first use and kept for warm invocations. */
public final class ClusterConnections implements KubernetesClusters {
    private final ClusterDirectory directory;
    private final EksTokenProvider tokens;
    private final RetryPolicy retry;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ClusterConnections(ClusterDirectory directory, EksTokenProvider tokens, RetryPolicy retry) {
        this.directory = directory;
        this.tokens = tokens;
        this.retry = retry;
    }

    @Override
    public KubernetesClient client(Site site) {
        return clients.computeIfAbsent(
                site.region() + "/" + site.clusterName(),
                key -> new KubernetesClient(directory.describe(site.region(), site.clusterName()), tokens, retry));
    }
}
