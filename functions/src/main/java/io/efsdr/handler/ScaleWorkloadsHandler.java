package io.efsdr.handler;

import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Waves;

/**
 * Scales the target cluster's workloads, all or one wave of them, to a replica level through the
 * scale subresource.
 */
public final class ScaleWorkloadsHandler extends TypedHandler<Requests.Scale, ScaleResult> {
    private final Dependencies dependencies;

    public ScaleWorkloadsHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ScaleWorkloadsHandler(Dependencies dependencies) {
        super(Requests.Scale.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected ScaleResult handle(Requests.Scale request) {
        var plan = request.plan();
        var wave = Waves.at(plan.workloads().list(), request.replicas(), request.wave());
        var held = StandbyHold.held(wave.workloads(), request.target(), request.replicas(), request.unprotected());
        return dependencies
                .scaler()
                .scale(
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
