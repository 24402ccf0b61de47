package io.efsdr.kubernetes;

import io.efsdr.plan.Workload;
import java.util.List;

/**
 * One workload as a cluster has it, for the volume pre-flight and the readiness checks.
 *
 * @param replicas its {@code spec.replicas}, or null when the cluster has no such workload
 * @param claims how many volume claims it mounts
 * @param violations what would stop those claims from being provisioned; empty when nothing
 */
public record WorkloadVolumes(Workload workload, Integer replicas, int claims, List<String> violations) {}
