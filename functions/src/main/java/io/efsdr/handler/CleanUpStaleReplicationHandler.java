package io.efsdr.handler;

import io.efsdr.efs.CleanupResult;
import io.efsdr.guard.DeferredFencing;

/** Failback step: deletes, in the primary region, the replication record a region-down failover left behind. */
public final class CleanUpStaleReplicationHandler extends TypedHandler<Requests.CleanUp, CleanupResult> {
    private final DeferredFencing deferredFencing;

    public CleanUpStaleReplicationHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CleanUpStaleReplicationHandler(Wiring w) {
        this(Assembly.deferredFencing(w));
    }

    /** With ready-made collaborators (a test's own). */
    public CleanUpStaleReplicationHandler(DeferredFencing deferredFencing) {
        super(Requests.CleanUp.class);
        this.deferredFencing = deferredFencing;
    }

    @Override
    protected CleanupResult handle(Requests.CleanUp request) {
        return deferredFencing.cleanUp(request.plan(), request.run(), request.previous(), request.redrives());
    }
}
