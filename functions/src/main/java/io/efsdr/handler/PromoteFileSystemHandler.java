package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.Promotion;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.SyncCheck;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadResolution;
import java.time.Instant;

/**
 * Deletes the replication into the target site so its file system becomes writable (DR in failover, primary in
 * failback).
 */
public final class PromoteFileSystemHandler extends TypedHandler<PromoteFileSystemHandler.Promote, PromotionResult> {
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
        super(Promote.class);
        this.promotion = promotion;
        this.workloads = workloads;
    }

    @Override
    protected PromotionResult handle(Promote asked) {
        Promote request = asked.resolvedBy(workloads);
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

    /**
     * Promoting one site's file system, with the evidence of what the other side wrote: the wait
     * that saw its writers gone ({@code stopped}, null when it did not run) and the wait for a sync
     * later than that ({@code finalSync}, null when it did not run).
     */
    /**
     * @param restop the failover's second stop of the primary ("Stop Primary Again"), null until it ran
     */
    public record Promote(
            DrPlan plan,
            RunContext run,
            Target target,
            ReadinessCheck stopped,
            SyncCheck finalSync,
            FenceResult restop,
            FenceCheck writeFence,
            ScaleResult drRestop)
            implements Requests.OnWorkloads<Promote> {
        public Promote(DrPlan plan, RunContext run, Target target, ReadinessCheck stopped, SyncCheck finalSync) {
            this(plan, run, target, stopped, finalSync, null, null, null);
        }

        public Promote(
                DrPlan plan,
                RunContext run,
                Target target,
                ReadinessCheck stopped,
                SyncCheck finalSync,
                FenceResult restop,
                FenceCheck writeFence) {
            this(plan, run, target, stopped, finalSync, restop, writeFence, null);
        }

        @Override
        public Promote withPlan(DrPlan resolved) {
            return new Promote(resolved, run, target, stopped, finalSync, restop, writeFence, drRestop);
        }

        /**
         * When the graceful failover's write fence on the primary file system took effect for new
         * mounts; null when no fence of this run has propagated ("Clear Write Fence" leaves the key
         * null, which a Pass state with a null Result may carry as the state's whole input). A pod
         * created after it cannot write: EFS evaluates the policy when a client connects.
         */
        public Instant fencePropagatedAt() {
            return writeFence != null
                            && writeFence.action() == FenceAction.FENCE
                            && writeFence.propagated()
                            && writeFence.propagatedAt() != null
                    ? writeFence.propagatedAt()
                    : null;
        }

        /**
         * Whether "Stop Primary Again" (failover) or "Stop DR Again" (failback) ran: its result has an
         * outcome, or replicas ("Start Primary Recheck" / "Start DR Recheck" leave the key null, which a
         * Pass state with a null Result may carry as the state's whole input).
         */
        public boolean restopped() {
            return (restop != null && restop.outcome() != null) || (drRestop != null && drRestop.replicas() != null);
        }

        /** The generations' fingerprint of the stop the writers' stop was measured on; null when none. */
        public String stopFingerprint() {
            return writersStoppedAt() == null ? null : stopped.stopFingerprint();
        }

        public Promote {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }

        /** When the other side was seen with no pod left (and stayed so); null when that was not seen. */
        public Instant writersStoppedAt() {
            return stopped != null && stopped.ready() && stopped.finishedAt() != null
                    ? stopped.writersStoppedAt()
                    : null;
        }
    }
}
