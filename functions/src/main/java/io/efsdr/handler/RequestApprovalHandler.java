package io.efsdr.handler;

import io.efsdr.guard.Approvals;
import java.util.function.Supplier;

/** Publishes what is at stake and how to approve or reject; the waiting step holds the task token. */
public final class RequestApprovalHandler extends TypedHandler<Approvals.Request, Approvals.Requested> {
    private final Supplier<Approvals> approvals;

    public RequestApprovalHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its approvals over {@code w} on each use: it notifies, and only a function with a topic can. */
    public RequestApprovalHandler(Wiring w) {
        this(() -> new Approvals(
                w.aws().sfn(w.settings().region()),
                Assembly.notifier(w),
                w.settings().decideApprovalFunction(),
                w.clock()));
    }

    /** With a ready-made {@code approvals} (a test's own). */
    public RequestApprovalHandler(Approvals approvals) {
        this(() -> approvals);
    }

    private RequestApprovalHandler(Supplier<Approvals> approvals) {
        super(Approvals.Request.class);
        this.approvals = approvals;
    }

    @Override
    protected Approvals.Requested handle(Approvals.Request request) {
        return approvals.get().request(request);
    }
}
