package io.efsdr.handler;

import io.efsdr.kubernetes.FenceResult;

/**
 * Stops the old primary's workloads when its cluster answers; otherwise records that fencing was
 * skipped and defers it to the split-brain guard.
 */
public final class FencePrimaryHandler extends TypedHandler<Requests.Step, FenceResult> {
    private final Dependencies dependencies;

    public FencePrimaryHandler() {
        this(Dependencies.fromEnvironment());
    }

    public FencePrimaryHandler(Dependencies dependencies) {
        super(Requests.Step.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected FenceResult handle(Requests.Step request) {
        return dependencies
                .deferredFencing()
                .arm(request.plan(), request.run(), dependencies.fencing().fence(request.plan(), request.run()));
    }
}
