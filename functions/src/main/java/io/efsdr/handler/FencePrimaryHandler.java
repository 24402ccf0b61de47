package io.efsdr.handler;

import io.efsdr.guard.DeferredFencing;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.kubernetes.Fencing;
import io.efsdr.plan.WorkloadResolution;

/**
 * Stops the old primary's workloads when its cluster answers; otherwise records that fencing was
 * skipped and defers it to the split-brain guard.
 */
public final class FencePrimaryHandler extends TypedHandler<Requests.Step, FenceResult> {
    private final DeferredFencing deferredFencing;
    private final Fencing fencing;
    private final WorkloadResolution workloads;

    public FencePrimaryHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public FencePrimaryHandler(Wiring w) {
        this(
                Assembly.deferredFencing(w),
                new Fencing(Assembly.scaler(w), Assembly.promotion(w)::reachable, w.clock()),
                Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public FencePrimaryHandler(DeferredFencing deferredFencing, Fencing fencing, WorkloadResolution workloads) {
        super(Requests.Step.class);
        this.deferredFencing = deferredFencing;
        this.fencing = fencing;
        this.workloads = workloads;
    }

    @Override
    protected FenceResult handle(Requests.Step asked) {
        Requests.Step request = asked.resolvedBy(workloads);
        return deferredFencing.arm(request.plan(), request.run(), fencing.fence(request.plan(), request.run()));
    }
}
