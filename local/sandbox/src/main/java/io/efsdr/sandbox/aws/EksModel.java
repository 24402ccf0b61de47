package io.efsdr.sandbox.aws;

import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** EKS clusters per region, as DescribeCluster and ListClusters report them. Thread-safe. */
public final class EksModel {
    private final Clock clock;
    private final Map<String, EksCluster> clusters = new ConcurrentHashMap<>();

    EksModel(Clock clock) {
        this.clock = clock;
    }

    /**
     * Registers (or replaces) an ACTIVE cluster reachable at {@code endpoint}, trusting {@code
     * caDataBase64}.
     */
    public EksCluster registerCluster(String region, String name, URI endpoint, String caDataBase64) {
        EksCluster cluster = new EksCluster(region, name, endpoint, caDataBase64, "1.31", clock.instant());
        clusters.put(key(region, name), cluster);
        return cluster;
    }

    public Optional<EksCluster> cluster(String region, String name) {
        return Optional.ofNullable(clusters.get(key(region, name)));
    }

    /** The clusters of one region, by name. */
    List<EksCluster> clusters(String region) {
        return clusters.values().stream()
                .filter(c -> c.region().equals(region))
                .sorted(Comparator.comparing(EksCluster::name))
                .toList();
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }
}
