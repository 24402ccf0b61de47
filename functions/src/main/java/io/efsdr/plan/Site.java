package io.efsdr.plan;

/** One side of the plan: a region with its EKS cluster and EFS file system. */
public record Site(String region, String clusterName, String fileSystemId) {}
