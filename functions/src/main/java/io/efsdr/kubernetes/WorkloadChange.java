package io.efsdr.kubernetes;

/**
 * What scaling did to one workload.
 *
 * @param outcome SCALED, UNCHANGED, MISSING or DRY_RUN
 */
public record WorkloadChange(String workload, int from, int to, ScaleOutcome outcome) {}
