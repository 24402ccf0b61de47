package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Target;
import io.efsdr.plan.WaveStep;
import io.efsdr.plan.Waves;
import io.efsdr.plan.WorkloadResolution;

/**
 * Scales the target cluster's workloads, all or one wave of them, to a replica level through the
 * scale subresource.
 */
public final class ScaleWorkloadsHandler extends TypedHandler<ScaleWorkloadsHandler.Scale, ScaleResult> {
    private final WorkloadScaler scaler;
    private final WorkloadResolution workloads;

    public ScaleWorkloadsHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public ScaleWorkloadsHandler(Wiring w) {
        this(Assembly.scaler(w), Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public ScaleWorkloadsHandler(WorkloadScaler scaler, WorkloadResolution workloads) {
        super(Scale.class);
        this.scaler = scaler;
        this.workloads = workloads;
    }

    @Override
    protected ScaleResult handle(Scale asked) {
        Scale request = asked.resolvedBy(workloads);
        var plan = request.plan();
        var wave = Waves.at(plan.workloads().list(), request.replicas(), request.wave());
        var held = StandbyHold.held(wave.workloads(), request.target(), request.replicas(), request.unprotected());
        return scaler.scale(
                        plan.site(request.target()),
                        StandbyHold.apply(
                                wave.workloads(), request.target(), request.replicas(), request.unprotected()),
                        request.replicas(),
                        plan.kubernetesConcurrency(),
                        plan.kubernetesRateLimit(),
                        request.run().dryRun(),
                        request.replicas() != ReplicaLevel.ZERO)
                .holding(held)
                .inWave(wave, request.wave());
    }

    /**
     * Scaling one site's workloads to a replica level: all of them, or with {@code wave} the wave
     * at its position of the order {@link Waves} gives the level (0 is the first).
     * {@code drUnprotected} (the failback's re-protection gave up) holds a return to standby at 0
     * (see {@link io.efsdr.plan.StandbyHold}).
     */
    public record Scale(
            DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, WaveStep wave, Boolean drUnprotected)
            implements Requests.OnWorkloads<Scale> {
        public Scale(DrPlan plan, RunContext run, Target target, ReplicaLevel replicas) {
            this(plan, run, target, replicas, null, null);
        }

        public Scale(DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, WaveStep wave) {
            this(plan, run, target, replicas, wave, null);
        }

        @Override
        public Scale withPlan(DrPlan resolved) {
            return new Scale(resolved, run, target, replicas, wave, drUnprotected);
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        public Scale {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
            require(replicas, "replicas");
        }
    }
}
