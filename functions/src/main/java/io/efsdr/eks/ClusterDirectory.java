package io.efsdr.eks;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;
import io.efsdr.error.UnsafeStateException;
import java.net.URI;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;

/**
 * Looks up clusters with EKS {@code DescribeCluster}. It keeps nothing: {@link
 * io.efsdr.kubernetes.ClusterConnections} keeps the client built from the answer for the life of
 * the function instance (an endpoint and CA do not change while a cluster lives).
 */
public final class ClusterDirectory {
    private final AwsClients clients;

    public ClusterDirectory(AwsClients clients) {
        this.clients = clients;
    }

    public ClusterEndpoint describe(String region, String clusterName) {
        Cluster cluster = AwsCalls.call(
                "EKS DescribeCluster " + clusterName + " in " + region,
                () -> clients.eks(region)
                        .describeCluster(r -> r.name(clusterName))
                        .cluster());
        if (cluster.status() != ClusterStatus.ACTIVE && cluster.status() != ClusterStatus.UPDATING) {
            throw new UnsafeStateException(
                    "cluster " + clusterName + " in " + region + " is " + cluster.statusAsString());
        }
        if (cluster.endpoint() == null
                || cluster.certificateAuthority() == null
                || cluster.certificateAuthority().data() == null) {
            throw new UnsafeStateException(
                    "cluster " + clusterName + " in " + region + " has no public endpoint or CA yet");
        }
        return new ClusterEndpoint(
                clusterName,
                region,
                URI.create(cluster.endpoint()),
                cluster.certificateAuthority().data());
    }
}
