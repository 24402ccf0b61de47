package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.PrimaryWriteFence;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;

/**
 * One pass of a write fence: the graceful failover's on the primary file system, or the failback's on
 * the DR file system ({@code target}). Puts it on once that site's writers are gone, or takes it off
 * before the site's workloads scale up again, and says whether EFS has had time to apply the change
 * to new mounts.
 */
public final class WriteFenceHandler extends TypedHandler<WriteFenceHandler.WriteFence, FenceCheck> {
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
        super(WriteFence.class);
        this.primaryWriteFence = primaryWriteFence;
    }

    @Override
    protected FenceCheck handle(WriteFence request) {
        return request.action() == FenceAction.FENCE
                ? primaryWriteFence.fence(request.plan(), request.run(), request.previous(), request.target())
                : primaryWriteFence.unfence(request.plan(), request.run(), request.previous(), request.target());
    }

    /**
     * One pass of a write-fence step on a site's file system: {@code action} fence or unfence, with
     * the run's latest write-fence result (null before the first fence). {@code target} is the site
     * whose file system is fenced: the primary (the failover's fence; the default when absent) or
     * DR (the failback's).
     */
    public record WriteFence(DrPlan plan, RunContext run, FenceAction action, FenceCheck previous, Target target)
            implements RunScoped {
        public WriteFence {
            require(plan, "plan");
            require(run, "run");
            require(action, "action");
            target = target == null ? Target.PRIMARY : target;
        }

        public WriteFence(DrPlan plan, RunContext run, FenceAction action, FenceCheck previous) {
            this(plan, run, action, previous, Target.PRIMARY);
        }
    }
}
