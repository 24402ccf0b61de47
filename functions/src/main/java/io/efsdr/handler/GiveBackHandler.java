package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.gitops.GiveBackResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;

/**
 * Gives the workloads back to their GitOps controllers: restores each lever the hand-over set where
 * it still holds our value, then (when asked) polls until the controllers read in sync.
 */
public final class GiveBackHandler extends TypedHandler<GiveBackHandler.GiveBack, GiveBackResult> {
    private final io.efsdr.gitops.GiveBack giveBack;

    public GiveBackHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public GiveBackHandler(Wiring w) {
        this(new io.efsdr.gitops.GiveBack(w.connections(), Assembly.fenceRecord(w), w.clock()));
    }

    /** With ready-made collaborators (a test's own). */
    public GiveBackHandler(io.efsdr.gitops.GiveBack giveBack) {
        super(GiveBack.class);
        this.giveBack = giveBack;
    }

    @Override
    protected GiveBackResult handle(GiveBack request) {
        return giveBack.giveBack(
                request.plan(),
                request.run(),
                request.scope(),
                request.verifies(),
                request.unprotected(),
                request.previous(),
                request.redrives());
    }

    /**
     * One pass of a give-back to the GitOps controllers: {@code scope} {@code all} (the failback,
     * once the primary serves) or {@code run} (a run that ends before its promotion gives back what it
     * took); {@code verify} polls until the controllers read in sync; {@code drUnprotected} (the
     * failback's re-protection gave up) keeps DR handed over; {@code previous} is the last pass (null
     * on the first).
     */
    public record GiveBack(
            DrPlan plan,
            RunContext run,
            io.efsdr.gitops.GiveBack.Scope scope,
            Boolean verify,
            Boolean drUnprotected,
            io.efsdr.gitops.GiveBackResult previous,
            Integer redriveCount)
            implements RunScoped {
        public GiveBack {
            require(plan, "plan");
            require(run, "run");
            require(scope, "scope");
        }

        /** Whether the pass waits for the controllers to read in sync. */
        public boolean verifies() {
            return Boolean.TRUE.equals(verify);
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }
    }
}
