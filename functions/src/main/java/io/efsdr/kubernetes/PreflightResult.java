package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;

/**
 * The volume pre-flight: each claim the workloads use checked for presence, StorageClass and the
 * EFS CSI driver's path limits. {@code violations} lists at most {@value WorkloadScaler#MAX_LISTED}.
 */
public record PreflightResult(
    boolean ok,
    int claimsChecked,
    int violationCount,
    List<String> violations,
    String summary,
    Instant startedAt,
    Instant finishedAt)
    implements StepResult {}
