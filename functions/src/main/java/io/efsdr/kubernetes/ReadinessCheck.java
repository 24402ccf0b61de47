package io.efsdr.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.efsdr.plan.Poll;
import io.efsdr.plan.Waves;
import java.time.Instant;
import java.util.List;

/**
 * One poll of a readiness wait. {@code workloads} lists the not-ready ones first, at most
 * {@value WorkloadScaler#MAX_LISTED}.
 *
 * @param zeroSince for a wait for zero: when every workload was first seen stopped; the wait is
 *     ready only once that has held for {@link ReadinessChecker#SETTLE_SECONDS} (a controller may
 *     scale them back); null otherwise
 * @param wave the wave this poll waits for, when the step goes wave by wave (see {@link Waves}):
 *     the poll covers that wave and the waves taken before it; null otherwise
 * @param nextWave the position of the wave to take once this one is ready; null after the last
 * @param moreWaves whether a wave follows this one (what the state machine's Choice reads)
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
        Instant zeroSince,
        Integer wave,
        Integer nextWave,
        boolean moreWaves)
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
            Instant finishedAt,
            Instant zeroSince) {
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
                zeroSince,
                null,
                null,
                false);
    }

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

    /** This poll, as the wait for {@code checked}. */
    public ReadinessCheck inWave(Waves.Wave checked) {
        return checked.number() == 0
                ? this
                : new ReadinessCheck(
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
                        zeroSince,
                        checked.number(),
                        checked.next(),
                        checked.next() != null);
    }

    /** While a stop settles, the next poll comes no sooner than the settle time. */
    @Override
    @JsonProperty("nextPollSeconds")
    public long nextPollSeconds() {
        long wait = Poll.waitSeconds(startedAt, finishedAt, deadline);
        return zeroSince != null && !ready ? Math.max(wait, ReadinessChecker.SETTLE_SECONDS) : wait;
    }
}
