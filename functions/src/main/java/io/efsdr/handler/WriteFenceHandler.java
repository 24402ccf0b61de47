package io.efsdr.handler;

import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.PrimaryWriteFence;

/**
 * One pass of a write fence: the graceful failover's on the primary file system, or the failback's on
 * the DR file system ({@code target}). Puts it on once that site's writers are gone, or takes it off
 * before the site's workloads scale up again, and says whether EFS has had time to apply the change
 * to new mounts.
 */
public final class WriteFenceHandler extends TypedHandler<Requests.WriteFence, FenceCheck> {
    private final PrimaryWriteFence primaryWriteFence;

    public WriteFenceHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public WriteFenceHandler(Wiring w) {
        this(new PrimaryWriteFence(Assembly.writeFence(w), w.clock()));
    }

    /** With ready-made collaborators (a test's own). */
    public WriteFenceHandler(PrimaryWriteFence primaryWriteFence) {
        super(Requests.WriteFence.class);
        this.primaryWriteFence = primaryWriteFence;
    }

    @Override
    protected FenceCheck handle(Requests.WriteFence request) {
        return request.action() == FenceAction.FENCE
                ? primaryWriteFence.fence(request.plan(), request.run(), request.previous(), request.target())
                : primaryWriteFence.unfence(request.plan(), request.run(), request.previous(), request.target());
    }
}
