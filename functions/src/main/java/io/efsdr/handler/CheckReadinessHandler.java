package io.efsdr.handler;

import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Waves;

/**
 * One poll of a readiness wait: for every workload, or for one wave and the waves the step took
 * before it.
 */
public final class CheckReadinessHandler extends TypedHandler<Requests.CheckReadiness, ReadinessCheck> {
    private final Dependencies dependencies;

    public CheckReadinessHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CheckReadinessHandler(Dependencies dependencies) {
        super(Requests.CheckReadiness.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected ReadinessCheck handle(Requests.CheckReadiness request) {
        var plan = request.plan();
        var wave = Waves.at(plan.workloads().list(), request.replicas(), request.wave());
        return dependencies
                .readiness()
                .check(
                        plan.site(request.target()),
                        StandbyHold.apply(wave.sofar(), request.target(), request.replicas(), request.unprotected()),
                        request.replicas(),
                        plan.kubernetesConcurrency(),
                        plan.timeouts().readinessSeconds(),
                        request.run().dryRun(),
                        request.previous(),
                        request.redrives(),
                        StandbyHold.held(wave.sofar(), request.target(), request.replicas(), request.unprotected()))
                .inWave(wave);
    }
}
