package io.efsdr.handler;

import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;

/**
 * One pass of a write fence: the graceful failover's on the primary file system, or the failback's on
 * the DR file system ({@code target}). Puts it on once that site's writers are gone, or takes it off
 * before the site's workloads scale up again, and says whether EFS has had time to apply the change
 * to new mounts.
 */
public final class WriteFenceHandler extends TypedHandler<Requests.WriteFence, FenceCheck> {
    private final Dependencies dependencies;

    public WriteFenceHandler() {
        this(Dependencies.fromEnvironment());
    }

    public WriteFenceHandler(Dependencies dependencies) {
        super(Requests.WriteFence.class);
        this.dependencies = dependencies;
    }

    @Override
    protected FenceCheck handle(Requests.WriteFence request) {
        return request.action() == FenceAction.FENCE
                ? dependencies
                        .primaryWriteFence()
                        .fence(request.plan(), request.run(), request.previous(), request.target())
                : dependencies
                        .primaryWriteFence()
                        .unfence(request.plan(), request.run(), request.previous(), request.target());
    }
}
