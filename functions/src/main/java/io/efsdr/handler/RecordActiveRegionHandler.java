package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.ReplicationSetup;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.guard.DeferredFencing;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;
import java.time.Instant;

/**
 * Records the target site's region as the active one, at the end of a successful workflow; after a
 * failover that stopped the primary itself, the split-brain guard then watches it (see {@code
 * DeferredFencing#watch}).
 */
public final class RecordActiveRegionHandler
        extends TypedHandler<RecordActiveRegionHandler.RecordActive, ActiveRegion.Recorded> {
    private final ActiveRegion activeRegion;
    private final DeferredFencing deferredFencing;

    public RecordActiveRegionHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public RecordActiveRegionHandler(Wiring w) {
        this(Assembly.activeRegion(w), Assembly.deferredFencing(w));
    }

    /** With ready-made collaborators (a test's own). */
    public RecordActiveRegionHandler(ActiveRegion activeRegion, DeferredFencing deferredFencing) {
        super(RecordActive.class);
        this.activeRegion = activeRegion;
        this.deferredFencing = deferredFencing;
    }

    @Override
    protected ActiveRegion.Recorded handle(RecordActive request) {
        ActiveRegion.Recorded recorded =
                activeRegion.record(request.plan(), request.run(), request.target(), request.drUnprotectedSince());
        String watch = deferredFencing.watch(request.plan(), request.run(), request.target());
        return watch.isEmpty()
                ? recorded
                : new ActiveRegion.Recorded(
                        recorded.region(),
                        recorded.previous(),
                        recorded.summary() + watch,
                        recorded.startedAt(),
                        recorded.finishedAt());
    }

    /**
     * Recording the active region; {@code reprotect} (the failback's re-protection result, absent in
     * a failover) says whether DR was left unprotected, and since when.
     */
    public record RecordActive(DrPlan plan, RunContext run, Target target, ReplicationSetup reprotect)
            implements RunScoped {
        public RecordActive {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }

        /** When re-protection gave up, leaving DR unprotected; null when it did not. */
        public Instant drUnprotectedSince() {
            return reprotect != null && reprotect.gaveUp() ? reprotect.finishedAt() : null;
        }
    }
}
