package io.efsdr.handler;

import io.efsdr.efs.SyncCheck;

/** One poll of a replication sync wait. */
public final class CheckSyncHandler extends TypedHandler<Requests.CheckSync, SyncCheck> {
    private final Dependencies dependencies;

    public CheckSyncHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CheckSyncHandler(Dependencies dependencies) {
        super(Requests.CheckSync.class);
        this.dependencies = dependencies;
    }

    @Override
    protected SyncCheck handle(Requests.CheckSync request) {
        return dependencies
                .failback()
                .checkSync(
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
