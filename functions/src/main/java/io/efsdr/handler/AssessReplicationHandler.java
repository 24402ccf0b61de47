package io.efsdr.handler;

import io.efsdr.efs.ReplicationAssessment;

/** Reads the replication in the DR region and measures the data-loss window. */
public final class AssessReplicationHandler extends TypedHandler<Requests.Step, ReplicationAssessment> {
    private final Dependencies dependencies;

    public AssessReplicationHandler() {
        this(Dependencies.fromEnvironment());
    }

    public AssessReplicationHandler(Dependencies dependencies) {
        super(Requests.Step.class);
        this.dependencies = dependencies;
    }

    @Override
    protected ReplicationAssessment handle(Requests.Step request) {
        return dependencies
                .promotion()
                .assess(request.plan(), request.run(), dependencies.activeRegion()::drUnprotectedSince);
    }
}
