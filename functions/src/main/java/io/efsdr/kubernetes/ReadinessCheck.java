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
 * @param zeroSince for a wait for zero: when every workload was first seen stopped (no pod that may
 *     still write left, terminating and Unknown ones included, ended ones not: {@link PodActivity}); the wait is ready only once that has held for {@link
 *     ReadinessChecker#SETTLE_SECONDS} (a controller may scale them back) with no spec change in
 *     between ({@code stopFingerprint}), so no writer ran after it: the moment a final sync must pass;
 *     null otherwise
 * @param stopFingerprint for a wait for zero: the workloads' {@code metadata.generation}s when they
 *     were first seen stopped; any spec change since (a scale up and down between two polls
 *     included) changes it and starts the hold again; text, since a 64-bit number does not survive
 *     every JSON reader (JavaScript's numbers are doubles); null otherwise
 * @param wave the wave this poll waits for, when the step goes wave by wave (see {@link Waves}):
 *     the poll covers that wave and the waves taken before it; null otherwise
 * @param nextWave the position of the wave to take once this one is ready; null after the last
 * @param moreWaves whether a wave follows this one (what the state machine's Choice reads)
 * @param redrives see {@link Poll#redrives()}
 * @param restartedAfterRedrive see {@link Poll#restartedAfterRedrive()}
 * @param held for a return to standby while DR is unprotected: the workloads held at 0 instead of
 *     their standby replicas (see {@link io.efsdr.plan.StandbyHold}); null otherwise
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
        String stopFingerprint,
        Integer wave,
        Integer nextWave,
        boolean moreWaves,
        Integer redrives,
        Integer restartedAfterRedrive,
        List<String> held)
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
            Instant zeroSince,
            String stopFingerprint,
            Integer wave,
            Integer nextWave,
            boolean moreWaves) {
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
                stopFingerprint,
                wave,
                nextWave,
                moreWaves,
                null,
                null,
                null);
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
            Instant finishedAt,
            Instant zeroSince,
            String stopFingerprint) {
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
                stopFingerprint,
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
                null,
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
                        stopFingerprint,
                        checked.number(),
                        checked.next(),
                        checked.next() != null,
                        redrives,
                        restartedAfterRedrive,
                        held);
    }

    /**
     * This poll as one of {@code poll} (the redrive count it ran under, and a restart's), holding
     * {@code held} at 0 (null or empty: none).
     */
    public ReadinessCheck polledAs(Poll poll, List<String> held) {
        return new ReadinessCheck(
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
                stopFingerprint,
                wave,
                nextWave,
                moreWaves,
                poll.redrives(),
                poll.restartedAfterRedrive(),
                held == null || held.isEmpty() ? null : List.copyOf(held));
    }

    /**
     * When the writers were last able to write, for a wait that is over: the first poll that saw no
     * pod left, once the stop held with no spec change (each change of a workload's spec bumps its
     * {@code metadata.generation}, Kubernetes API conventions, "Metadata"); the end of the poll for
     * any other wait. A final sync must pass this moment.
     */
    @JsonProperty("writersStoppedAt")
    public Instant writersStoppedAt() {
        return ready && zeroSince != null ? zeroSince : finishedAt;
    }

    /**
     * This wave is done (ready; for a wait for zero, stopped) and another follows: the failback's
     * "DR Stopped?" takes the next wave on it (the rule was {@code ready and moreWaves} in the Choice).
     */
    @JsonProperty("nextWaveDue")
    public boolean nextWaveDue() {
        return ready && moreWaves;
    }

    /** While a stop settles, the next poll comes no sooner than the settle time. */
    @Override
    @JsonProperty("nextPollSeconds")
    public long nextPollSeconds() {
        long wait = Poll.waitSeconds(startedAt, finishedAt, deadline);
        return zeroSince != null && !ready ? Math.max(wait, ReadinessChecker.SETTLE_SECONDS) : wait;
    }
}
