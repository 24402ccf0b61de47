package io.efsdr.handler;

import io.efsdr.guard.Approvals;

/** Sends an operator's approve or reject for a waiting step to Step Functions. */
public final class DecideApprovalHandler extends TypedHandler<Approvals.Decision, Approvals.Decided> {
    private final Dependencies dependencies;

    public DecideApprovalHandler() {
        this(Dependencies.fromEnvironment());
    }

    public DecideApprovalHandler(Dependencies dependencies) {
        super(Approvals.Decision.class);
        this.dependencies = dependencies;
    }

    @Override
    protected Approvals.Decided handle(Approvals.Decision request) {
        return dependencies.approvals().decide(request);
    }
}
