package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Target;
import io.efsdr.plan.WaveStep;
import io.efsdr.plan.Waves;
import io.efsdr.plan.WorkloadResolution;

/**
 * One poll of a readiness wait: for every workload, or for one wave and the waves the step took
 * before it.
 */
public final class CheckReadinessHandler extends TypedHandler<CheckReadinessHandler.CheckReadiness, ReadinessCheck> {
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
        super(CheckReadiness.class);
        this.readiness = readiness;
        this.workloads = workloads;
    }

    @Override
    protected ReadinessCheck handle(CheckReadiness asked) {
        CheckReadiness request = asked.resolvedBy(workloads);
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

    /**
     * One poll of a readiness wait, with the previous poll (null on the first); with {@code wave},
     * of the wait for the wave at its position (see {@link Scale}).
     */
    public record CheckReadiness(
            DrPlan plan,
            RunContext run,
            Target target,
            ReplicaLevel replicas,
            ReadinessCheck previous,
            WaveStep wave,
            Integer redriveCount,
            Boolean drUnprotected)
            implements Requests.OnWorkloads<CheckReadiness> {
        public CheckReadiness(
                DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, ReadinessCheck previous) {
            this(plan, run, target, replicas, previous, null);
        }

        public CheckReadiness(
                DrPlan plan,
                RunContext run,
                Target target,
                ReplicaLevel replicas,
                ReadinessCheck previous,
                WaveStep wave) {
            this(plan, run, target, replicas, previous, wave, null, null);
        }

        @Override
        public CheckReadiness withPlan(DrPlan resolved) {
            return new CheckReadiness(resolved, run, target, replicas, previous, wave, redriveCount, drUnprotected);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        public CheckReadiness {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
            require(replicas, "replicas");
        }
    }
}
