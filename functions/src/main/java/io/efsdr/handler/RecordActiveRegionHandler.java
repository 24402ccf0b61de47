package io.efsdr.handler;

import io.efsdr.guard.ActiveRegion;
import io.efsdr.guard.DeferredFencing;

/**
 * Records the target site's region as the active one, at the end of a successful workflow; after a
 * failover that stopped the primary itself, the split-brain guard then watches it (see {@code
 * DeferredFencing#watch}).
 */
public final class RecordActiveRegionHandler extends TypedHandler<Requests.RecordActive, ActiveRegion.Recorded> {
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
        super(Requests.RecordActive.class);
        this.activeRegion = activeRegion;
        this.deferredFencing = deferredFencing;
    }

    @Override
    protected ActiveRegion.Recorded handle(Requests.RecordActive request) {
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
}
