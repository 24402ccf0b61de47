package io.efsdr.handler;

import io.efsdr.gitops.GiveBackResult;

/**
 * Gives the workloads back to their GitOps controllers: restores each lever the hand-over set where
 * it still holds our value, then (when asked) polls until the controllers read in sync.
 */
public final class GiveBackHandler extends TypedHandler<Requests.GiveBack, GiveBackResult> {
    private final Dependencies dependencies;

    public GiveBackHandler() {
        this(Dependencies.fromEnvironment());
    }

    public GiveBackHandler(Dependencies dependencies) {
        super(Requests.GiveBack.class);
        this.dependencies = dependencies;
    }

    @Override
    protected GiveBackResult handle(Requests.GiveBack request) {
        return dependencies
                .giveBack()
                .giveBack(
                        request.plan(),
                        request.run(),
                        request.scope(),
                        request.verifies(),
                        request.unprotected(),
                        request.previous(),
                        request.redrives());
    }
}
