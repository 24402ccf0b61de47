package io.efsdr.handler;

import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Waves;
import io.efsdr.plan.WorkloadResolution;

/**
 * Scales the target cluster's workloads, all or one wave of them, to a replica level through the
 * scale subresource.
 */
public final class ScaleWorkloadsHandler extends TypedHandler<Requests.Scale, ScaleResult> {
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
        super(Requests.Scale.class);
        this.scaler = scaler;
        this.workloads = workloads;
    }

    @Override
    protected ScaleResult handle(Requests.Scale asked) {
        Requests.Scale request = asked.resolvedBy(workloads);
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
}
