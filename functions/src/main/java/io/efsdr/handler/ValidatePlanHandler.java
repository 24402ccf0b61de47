package io.efsdr.handler;

import io.efsdr.plan.PreparedRun;
import io.efsdr.plan.RunPreparation;

/** Step 1: validates the stored plan and the execution input, and fixes the workloads of the run. */
public final class ValidatePlanHandler extends TypedHandler<Requests.ValidatePlan, PreparedRun> {
    private final RunPreparation runPreparation;

    public ValidatePlanHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public ValidatePlanHandler(Wiring w) {
        this(Assembly.runPreparation(w));
    }

    /** With ready-made collaborators (a test's own). */
    public ValidatePlanHandler(RunPreparation runPreparation) {
        super(Requests.ValidatePlan.class);
        this.runPreparation = runPreparation;
    }

    @Override
    protected PreparedRun handle(Requests.ValidatePlan request) {
        return runPreparation.prepare(request.workflow(), request.executionName(), request.input());
    }
}
