package io.efsdr.kubernetes;

import io.efsdr.plan.Site;

/** The API of each site's cluster; {@link ClusterConnections} builds one client per cluster. */
public interface KubernetesClusters {
    KubernetesApi client(Site site);
}
