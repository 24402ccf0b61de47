package io.efsdr.handler;

import io.efsdr.efs.PromotionResult;

/**
 * Deletes the replication into the target site so its file system becomes writable (DR in failover, primary in
 * failback).
 */
public final class PromoteFileSystemHandler extends TypedHandler<Requests.Promote, PromotionResult> {
    private final Dependencies dependencies;

    public PromoteFileSystemHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PromoteFileSystemHandler(Dependencies dependencies) {
        super(Requests.Promote.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected PromotionResult handle(Requests.Promote request) {
        return dependencies
                .promotion()
                .promote(
                        request.plan(),
                        request.run(),
                        request.target(),
                        request.writersStoppedAt(),
                        request.finalSync(),
                        request.stopFingerprint(),
                        request.restopped(),
                        request.fencePropagatedAt());
    }
}
