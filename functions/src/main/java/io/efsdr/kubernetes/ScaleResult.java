package io.efsdr.kubernetes;

import io.efsdr.config.Json;
import io.efsdr.plan.StepResult;
import io.efsdr.plan.WaveStep;
import io.efsdr.plan.Waves;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The outcome of scaling a set of workloads in one cluster. {@code changes} lists at most
 * {@value WorkloadScaler#MAX_LISTED} entries (the ones that changed first) to keep state payloads
 * small; the counts cover all.
 *
 * @param wave the wave scaled, when the step went wave by wave (see {@link Waves}); null otherwise
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
        Instant finishedAt,
        Integer wave)
        implements StepResult {
    public ScaleResult(
            String cluster,
            String replicas,
            int workloads,
            int scaled,
            int unchanged,
            List<String> missing,
            List<WorkloadChange> changes,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        this(cluster, replicas, workloads, scaled, unchanged, missing, changes, summary, startedAt, finishedAt, null);
    }

    /**
     * This result with {@code held} (workloads held at 0 instead of their standby replicas, see
     * {@link io.efsdr.plan.StandbyHold}) named, with the reason, in its summary.
     */
    public ScaleResult holding(List<String> held) {
        if (held == null || held.isEmpty()) {
            return this;
        }
        return new ScaleResult(
                cluster,
                replicas,
                workloads,
                scaled,
                unchanged,
                missing,
                changes,
                summary + io.efsdr.plan.StandbyHold.describe(held, 10),
                startedAt,
                finishedAt,
                wave);
    }

    /**
     * This result, as the scaling of one wave; after the first wave, added to the waves before it
     * ({@code step.before()}): it starts when the first wave started and counts every wave's
     * workloads, so the write stop and {@code WorkloadsScaled} cover the whole loop.
     */
    public ScaleResult inWave(Waves.Wave scaled, WaveStep step) {
        if (scaled.number() == 0) {
            return this;
        }
        ScaleResult before =
                step == null || step.before() == null || !step.before().isObject()
                        ? null
                        : Json.MAPPER.convertValue(step.before(), ScaleResult.class);
        if (before == null || before.startedAt() == null) {
            return new ScaleResult(
                    cluster,
                    replicas,
                    workloads,
                    this.scaled,
                    unchanged,
                    missing,
                    changes,
                    "wave " + scaled.number() + ": " + summary,
                    startedAt,
                    finishedAt,
                    scaled.number());
        }
        return new ScaleResult(
                cluster,
                replicas,
                before.workloads() + workloads,
                before.scaled() + this.scaled,
                before.unchanged() + unchanged,
                Stream.concat(orEmpty(before.missing()).stream(), orEmpty(missing).stream())
                        .toList(),
                Stream.concat(orEmpty(before.changes()).stream(), orEmpty(changes).stream())
                        .limit(WorkloadScaler.MAX_LISTED)
                        .toList(),
                "wave " + scaled.number() + ": " + summary + " (" + (before.scaled() + this.scaled) + " of "
                        + (before.workloads() + workloads) + " scaled in the waves so far)",
                before.startedAt(),
                finishedAt,
                scaled.number());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
