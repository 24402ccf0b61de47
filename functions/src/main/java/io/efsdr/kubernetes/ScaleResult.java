package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import io.efsdr.plan.Waves;
import java.time.Instant;
import java.util.List;

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

    /** This result, as the scaling of one wave. */
    public ScaleResult inWave(Waves.Wave scaled) {
        return scaled.number() == 0
                ? this
                : new ScaleResult(
                        cluster,
                        replicas,
                        workloads,
                        this.scaled,
                        unchanged,
                        missing,
                        changes,
                        summary,
                        startedAt,
                        finishedAt,
                        scaled.number());
    }
}
