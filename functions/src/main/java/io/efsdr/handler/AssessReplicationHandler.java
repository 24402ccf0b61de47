package io.efsdr.handler;

import io.efsdr.efs.Promotion;
import io.efsdr.efs.ReplicationAssessment;
import io.efsdr.guard.ActiveRegion;

/** Reads the replication in the DR region and measures the data-loss window. */
public final class AssessReplicationHandler extends TypedHandler<Requests.Step, ReplicationAssessment> {
    private final Promotion promotion;
    private final ActiveRegion activeRegion;

    public AssessReplicationHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public AssessReplicationHandler(Wiring w) {
        this(Assembly.promotion(w), Assembly.activeRegion(w));
    }

    /** With ready-made collaborators (a test's own). */
    public AssessReplicationHandler(Promotion promotion, ActiveRegion activeRegion) {
        super(Requests.Step.class);
        this.promotion = promotion;
        this.activeRegion = activeRegion;
    }

    @Override
    protected ReplicationAssessment handle(Requests.Step request) {
        return promotion.assess(request.plan(), request.run(), activeRegion::drUnprotectedSince);
    }
}
