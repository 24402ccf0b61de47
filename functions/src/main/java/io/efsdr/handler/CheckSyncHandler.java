package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.Failback;
import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.PrimaryWriteFence;
import io.efsdr.efs.SyncCheck;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;
import java.time.Instant;

/** One poll of a replication sync wait. */
public final class CheckSyncHandler extends TypedHandler<CheckSyncHandler.CheckSync, SyncCheck> {
    private final Failback failback;

    public CheckSyncHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CheckSyncHandler(Wiring w) {
        this(Assembly.failback(w));
    }

    /** With ready-made collaborators (a test's own). */
    public CheckSyncHandler(Failback failback) {
        super(CheckSync.class);
        this.failback = failback;
    }

    @Override
    protected SyncCheck handle(CheckSync request) {
        return failback.checkSync(
                request.plan(),
                request.run(),
                request.source(),
                request.mustPass(),
                request.requireSync(),
                request.bestEffort(),
                request.previous(),
                request.redrives());
    }

    /**
     * One poll of a replication sync wait, with the previous poll (null on the first); a
     * {@code bestEffort} wait (a graceful failover's final sync) goes on without the proof when its
     * bound passes. {@code fence} is the graceful failover's write fence ({@code $.steps.writeFence};
     * absent elsewhere): its final sync must be later than the fence's propagation too ({@link
     * #mustPass()}).
     */
    public record CheckSync(
            DrPlan plan,
            RunContext run,
            Target source,
            Instant after,
            boolean requireSync,
            boolean bestEffort,
            SyncCheck previous,
            Integer redriveCount,
            FenceCheck fence)
            implements RunScoped {
        public CheckSync(
                DrPlan plan,
                RunContext run,
                Target source,
                Instant after,
                boolean requireSync,
                boolean bestEffort,
                SyncCheck previous) {
            this(plan, run, source, after, requireSync, bestEffort, previous, null, null);
        }

        /**
         * The moment the sync must pass: {@code after}, or the write fence's propagation when that is
         * later ({@link PrimaryWriteFence#quietFrom}): until then a mount outside the plan may still
         * write, and an earlier sync does not carry it.
         */
        public Instant mustPass() {
            Instant fenced = fence != null && fence.action() == FenceAction.FENCE && fence.propagatedAt() != null
                    ? fence.propagatedAt()
                    : null;
            return PrimaryWriteFence.quietFrom(after, fenced);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CheckSync {
            require(plan, "plan");
            require(run, "run");
            require(source, "source");
        }
    }
}
