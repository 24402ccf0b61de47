package io.efsdr.handler;

import io.efsdr.efs.Promotion;
import io.efsdr.efs.PromotionResult;
import io.efsdr.plan.WorkloadResolution;

/**
 * Deletes the replication into the target site so its file system becomes writable (DR in failover, primary in
 * failback).
 */
public final class PromoteFileSystemHandler extends TypedHandler<Requests.Promote, PromotionResult> {
    private final Promotion promotion;
    private final WorkloadResolution workloads;

    public PromoteFileSystemHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public PromoteFileSystemHandler(Wiring w) {
        this(Assembly.promotion(w), Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public PromoteFileSystemHandler(Promotion promotion, WorkloadResolution workloads) {
        super(Requests.Promote.class);
        this.promotion = promotion;
        this.workloads = workloads;
    }

    @Override
    protected PromotionResult handle(Requests.Promote asked) {
        Requests.Promote request = asked.resolvedBy(workloads);
        return promotion.promote(
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
