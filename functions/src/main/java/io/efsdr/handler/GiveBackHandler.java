package io.efsdr.handler;

import io.efsdr.gitops.GiveBack;
import io.efsdr.gitops.GiveBackResult;

/**
 * Gives the workloads back to their GitOps controllers: restores each lever the hand-over set where
 * it still holds our value, then (when asked) polls until the controllers read in sync.
 */
public final class GiveBackHandler extends TypedHandler<Requests.GiveBack, GiveBackResult> {
    private final GiveBack giveBack;

    public GiveBackHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public GiveBackHandler(Wiring w) {
        this(new GiveBack(w.connections(), Assembly.fenceRecord(w), w.clock()));
    }

    /** With ready-made collaborators (a test's own). */
    public GiveBackHandler(GiveBack giveBack) {
        super(Requests.GiveBack.class);
        this.giveBack = giveBack;
    }

    @Override
    protected GiveBackResult handle(Requests.GiveBack request) {
        return giveBack.giveBack(
                request.plan(),
                request.run(),
                request.scope(),
                request.verifies(),
                request.unprotected(),
                request.previous(),
                request.redrives());
    }
}
