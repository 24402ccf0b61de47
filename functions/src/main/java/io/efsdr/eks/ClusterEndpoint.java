package io.efsdr.eks;

import java.net.URI;

/**
 * Where a cluster's API server is and the only CA to trust for it, as EKS describes them.
 *
 * @param certificateAuthorityData base64 of the PEM CA bundle, exactly as {@code DescribeCluster}
 *     returns it
 */
public record ClusterEndpoint(String clusterName, String region, URI endpoint, String certificateAuthorityData) {}
