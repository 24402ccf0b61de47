package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.CleanupResult;
import io.efsdr.guard.DeferredFencing;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;

/** Failback step: deletes, in the primary region, the replication record a region-down failover left behind. */
public final class CleanUpStaleReplicationHandler
        extends TypedHandler<CleanUpStaleReplicationHandler.CleanUp, CleanupResult> {
    private final DeferredFencing deferredFencing;

    public CleanUpStaleReplicationHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CleanUpStaleReplicationHandler(Wiring w) {
        this(Assembly.deferredFencing(w));
    }

    /** With ready-made collaborators (a test's own). */
    public CleanUpStaleReplicationHandler(DeferredFencing deferredFencing) {
        super(CleanUp.class);
        this.deferredFencing = deferredFencing;
    }

    @Override
    protected CleanupResult handle(CleanUp request) {
        return deferredFencing.cleanUp(request.plan(), request.run(), request.previous(), request.redrives());
    }

    /** One pass of the failback's clean-up, with the previous pass (null on the first). */
    public record CleanUp(DrPlan plan, RunContext run, CleanupResult previous, Integer redriveCount)
            implements RunScoped {
        public CleanUp(DrPlan plan, RunContext run, CleanupResult previous) {
            this(plan, run, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CleanUp {
            require(plan, "plan");
            require(run, "run");
        }
    }
}
