package io.efsdr.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.efsdr.plan.Poll;
import java.time.Instant;
import java.util.List;

/**
 * One poll of a readiness wait. {@code workloads} lists the not-ready ones first, at most
 * {@value WorkloadScaler#MAX_LISTED}.
 *
 * @param zeroSince for a wait for zero: when every workload was first seen stopped; the wait is
 *     ready only once that has held for {@link ReadinessChecker#SETTLE_SECONDS} (a controller may
 *     scale them back); null otherwise
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
        Instant finishedAt,
        Instant zeroSince)
        implements Poll.Polled {
    public ReadinessCheck(
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
            Instant finishedAt) {
        this(
                ready,
                cluster,
                replicas,
                total,
                readyCount,
                polls,
                deadline,
                workloads,
                summary,
                startedAt,
                finishedAt,
                null);
    }

    /** While a stop settles, the next poll comes no sooner than the settle time. */
    @Override
    @JsonProperty("nextPollSeconds")
    public long nextPollSeconds() {
        long wait = Poll.waitSeconds(startedAt, finishedAt, deadline);
        return zeroSince != null && !ready ? Math.max(wait, ReadinessChecker.SETTLE_SECONDS) : wait;
    }
}
