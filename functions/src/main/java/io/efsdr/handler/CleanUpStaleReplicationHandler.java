package io.efsdr.handler;

import io.efsdr.efs.CleanupResult;

/** Failback step: deletes, in the primary region, the replication record a region-down failover left behind. */
public final class CleanUpStaleReplicationHandler extends TypedHandler<Requests.CleanUp, CleanupResult> {
    private final Dependencies dependencies;

    public CleanUpStaleReplicationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CleanUpStaleReplicationHandler(Dependencies dependencies) {
        super(Requests.CleanUp.class);
        this.dependencies = dependencies;
    }

    @Override
    protected CleanupResult handle(Requests.CleanUp request) {
        return dependencies
                .deferredFencing()
                .cleanUp(request.plan(), request.run(), request.previous(), request.redrives());
    }
}
