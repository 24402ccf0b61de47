package io.efsdr.handler;

import io.efsdr.efs.Failback;
import io.efsdr.efs.SyncCheck;

/** One poll of a replication sync wait. */
public final class CheckSyncHandler extends TypedHandler<Requests.CheckSync, SyncCheck> {
    private final Failback failback;

    public CheckSyncHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CheckSyncHandler(Wiring w) {
        this(Assembly.failback(w));
    }

    /** With ready-made collaborators (a test's own). */
    public CheckSyncHandler(Failback failback) {
        super(Requests.CheckSync.class);
        this.failback = failback;
    }

    @Override
    protected SyncCheck handle(Requests.CheckSync request) {
        return failback.checkSync(
                request.plan(),
                request.run(),
                request.source(),
                request.mustPass(),
                request.requireSync(),
                request.bestEffort(),
                request.previous(),
                request.redrives());
    }
}
