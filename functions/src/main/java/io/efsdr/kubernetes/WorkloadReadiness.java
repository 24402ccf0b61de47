package io.efsdr.kubernetes;

/** One workload's replicas as the API server reports them. */
public record WorkloadReadiness(String workload, int desired, int replicas, int readyReplicas, boolean ready) {}
