package io.efsdr.handler;

import io.efsdr.guard.ActiveRegion;

/**
 * Records the target site's region as the active one, at the end of a successful workflow; after a
 * failover that stopped the primary itself, the split-brain guard then watches it (see {@code
 * DeferredFencing#watch}).
 */
public final class RecordActiveRegionHandler extends TypedHandler<Requests.RecordActive, ActiveRegion.Recorded> {
    private final Dependencies dependencies;

    public RecordActiveRegionHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RecordActiveRegionHandler(Dependencies dependencies) {
        super(Requests.RecordActive.class);
        this.dependencies = dependencies;
    }

    @Override
    protected ActiveRegion.Recorded handle(Requests.RecordActive request) {
        ActiveRegion.Recorded recorded = dependencies
                .activeRegion()
                .record(request.plan(), request.run(), request.target(), request.drUnprotectedSince());
        String watch = dependencies.deferredFencing().watch(request.plan(), request.run(), request.target());
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
