package io.efsdr.handler;

import io.efsdr.efs.PreconditionResult;

/** Failback step: the DR side is active and the primary region and cluster answer. */
public final class CheckFailbackPreconditionsHandler extends TypedHandler<Requests.Step, PreconditionResult> {
    private final Dependencies dependencies;

    public CheckFailbackPreconditionsHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CheckFailbackPreconditionsHandler(Dependencies dependencies) {
        super(Requests.Step.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected PreconditionResult handle(Requests.Step request) {
        return dependencies.deferredFencing().checkFailbackPreconditions(request.plan());
    }
}
