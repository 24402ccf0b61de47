package io.efsdr.handler;

import io.efsdr.guard.ActiveRegion;

/** Records the target site's region as the active one, at the end of a successful workflow. */
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
        return dependencies
                .activeRegion()
                .record(request.plan(), request.run(), request.target(), request.drUnprotectedSince());
    }
}
