package io.efsdr.handler;

import io.efsdr.guard.Approvals;
import java.util.function.Supplier;

/** Sends an operator's approve or reject for a waiting step to Step Functions. */
public final class DecideApprovalHandler extends TypedHandler<Approvals.Decision, Approvals.Decided> {
    private final Supplier<Approvals> approvals;

    public DecideApprovalHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its approvals over {@code w} on each use: it notifies, and only a function with a topic can. */
    public DecideApprovalHandler(Wiring w) {
        this(() -> new Approvals(
                w.aws().sfn(w.settings().region()),
                Assembly.notifier(w),
                w.settings().decideApprovalFunction(),
                w.clock()));
    }

    /** With a ready-made {@code approvals} (a test's own). */
    public DecideApprovalHandler(Approvals approvals) {
        this(() -> approvals);
    }

    private DecideApprovalHandler(Supplier<Approvals> approvals) {
        super(Approvals.Decision.class);
        this.approvals = approvals;
    }

    @Override
    protected Approvals.Decided handle(Approvals.Decision request) {
        return approvals.get().decide(request);
    }
}
