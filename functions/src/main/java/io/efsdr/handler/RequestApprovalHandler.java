package io.efsdr.handler;

import io.efsdr.guard.Approvals;

/** Publishes what is at stake and how to approve or reject; the waiting step holds the task token. */
public final class RequestApprovalHandler extends TypedHandler<Approvals.Request, Approvals.Requested> {
    private final Dependencies dependencies;

    public RequestApprovalHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RequestApprovalHandler(Dependencies dependencies) {
        super(Approvals.Request.class);
        this.dependencies = dependencies;
    }

    @Override
    protected Approvals.Requested handle(Approvals.Request request) {
        return dependencies.approvals().request(request);
    }
}
