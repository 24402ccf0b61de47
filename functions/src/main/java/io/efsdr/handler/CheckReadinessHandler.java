package io.efsdr.handler;

import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Waves;
import io.efsdr.plan.WorkloadResolution;

/**
 * One poll of a readiness wait: for every workload, or for one wave and the waves the step took
 * before it.
 */
public final class CheckReadinessHandler extends TypedHandler<Requests.CheckReadiness, ReadinessCheck> {
    private final ReadinessChecker readiness;
    private final WorkloadResolution workloads;

    public CheckReadinessHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CheckReadinessHandler(Wiring w) {
        this(Assembly.readiness(w), Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public CheckReadinessHandler(ReadinessChecker readiness, WorkloadResolution workloads) {
        super(Requests.CheckReadiness.class);
        this.readiness = readiness;
        this.workloads = workloads;
    }

    @Override
    protected ReadinessCheck handle(Requests.CheckReadiness asked) {
        Requests.CheckReadiness request = asked.resolvedBy(workloads);
        var plan = request.plan();
        var wave = Waves.at(plan.workloads().list(), request.replicas(), request.wave());
        return readiness
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
