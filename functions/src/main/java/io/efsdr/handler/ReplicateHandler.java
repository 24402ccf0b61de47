package io.efsdr.handler;

import io.efsdr.efs.ReplicationSetup;

/** Replicates one site's file system onto the other's existing one (protection disabled first). */
public final class ReplicateHandler extends TypedHandler<Requests.Replicate, ReplicationSetup> {
    private final Dependencies dependencies;

    public ReplicateHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ReplicateHandler(Dependencies dependencies) {
        super(Requests.Replicate.class);
        this.dependencies = dependencies;
    }

    @Override
    protected ReplicationSetup handle(Requests.Replicate request) {
        return dependencies
                .failback()
                .replicate(request.plan(), request.run(), request.source(), request.previous(), request.redrives());
    }
}
