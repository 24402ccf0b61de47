package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.Failback;
import io.efsdr.efs.ReplicationSetup;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;

/** Replicates one site's file system onto the other's existing one (protection disabled first). */
public final class ReplicateHandler extends TypedHandler<ReplicateHandler.Replicate, ReplicationSetup> {
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
        super(Replicate.class);
        this.failback = failback;
    }

    @Override
    protected ReplicationSetup handle(Replicate request) {
        return failback.replicate(
                request.plan(), request.run(), request.source(), request.previous(), request.redrives());
    }

    /**
     * Replicating one site's file system onto the other's existing one, with the previous attempt (null on the first).
     */
    public record Replicate(DrPlan plan, RunContext run, Target source, ReplicationSetup previous, Integer redriveCount)
            implements RunScoped {
        public Replicate(DrPlan plan, RunContext run, Target source, ReplicationSetup previous) {
            this(plan, run, source, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public Replicate {
            require(plan, "plan");
            require(run, "run");
            require(source, "source");
        }
    }
}
