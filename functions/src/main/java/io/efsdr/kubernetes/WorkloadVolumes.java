package io.efsdr.kubernetes;

import io.efsdr.plan.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One workload as a cluster has it, for the volume pre-flight and the readiness checks.
 *
 * @param replicas its {@code spec.replicas}, or null when the cluster has no such workload
 * @param claims how many volume claims it mounts
 * @param violations what would stop those claims from being provisioned; empty when nothing
 * @param claimsCreatedAt for each of its claims the cluster has, {@code namespace/name} to its
 *     {@code metadata.creationTimestamp}
 */
public record WorkloadVolumes(
        Workload workload,
        Integer replicas,
        int claims,
        List<String> violations,
        Map<String, Instant> claimsCreatedAt) {
    public WorkloadVolumes(Workload workload, Integer replicas, int claims, List<String> violations) {
        this(workload, replicas, claims, violations, Map.of());
    }
}
