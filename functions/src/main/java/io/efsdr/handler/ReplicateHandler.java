package io.efsdr.handler;

import io.efsdr.efs.Failback;
import io.efsdr.efs.ReplicationSetup;

/** Replicates one site's file system onto the other's existing one (protection disabled first). */
public final class ReplicateHandler extends TypedHandler<Requests.Replicate, ReplicationSetup> {
    private final Failback failback;

    public ReplicateHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public ReplicateHandler(Wiring w) {
        this(Assembly.failback(w));
    }

    /** With ready-made collaborators (a test's own). */
    public ReplicateHandler(Failback failback) {
        super(Requests.Replicate.class);
        this.failback = failback;
    }

    @Override
    protected ReplicationSetup handle(Requests.Replicate request) {
        return failback.replicate(
                request.plan(), request.run(), request.source(), request.previous(), request.redrives());
    }
}
