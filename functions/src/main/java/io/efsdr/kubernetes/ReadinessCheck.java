package io.efsdr.kubernetes;

import io.efsdr.plan.Poll;
import java.time.Instant;
import java.util.List;

/**
 * One poll of a readiness wait. {@code workloads} lists the not-ready ones first, at most
 * {@value WorkloadScaler#MAX_LISTED}.
 */
public record ReadinessCheck(
        boolean ready,
        String cluster,
        String replicas,
        int total,
        int readyCount,
        int polls,
        Instant deadline,
        List<WorkloadReadiness> workloads,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements Poll.Polled {}
