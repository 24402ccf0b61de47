package io.efsdr.handler;

import io.efsdr.efs.PreconditionResult;
import io.efsdr.guard.DeferredFencing;
import io.efsdr.plan.WorkloadResolution;

/** Failback step: the DR side is active and the primary region and cluster answer. */
public final class CheckFailbackPreconditionsHandler extends TypedHandler<Requests.Step, PreconditionResult> {
    private final DeferredFencing deferredFencing;
    private final WorkloadResolution workloads;

    public CheckFailbackPreconditionsHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CheckFailbackPreconditionsHandler(Wiring w) {
        this(Assembly.deferredFencing(w), Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public CheckFailbackPreconditionsHandler(DeferredFencing deferredFencing, WorkloadResolution workloads) {
        super(Requests.Step.class);
        this.deferredFencing = deferredFencing;
        this.workloads = workloads;
    }

    @Override
    protected PreconditionResult handle(Requests.Step asked) {
        Requests.Step request = asked.resolvedBy(workloads);
        return deferredFencing.checkFailbackPreconditions(request.plan());
    }
}
