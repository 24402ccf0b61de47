package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of scaling a set of workloads in one cluster. {@code changes} lists at most
 * {@value WorkloadScaler#MAX_LISTED} entries (the ones that changed first) to keep state payloads
 * small; the counts cover all.
 */
public record ScaleResult(
        String cluster,
        String replicas,
        int workloads,
        int scaled,
        int unchanged,
        List<String> missing,
        List<WorkloadChange> changes,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
