package io.efsdr.handler;

import io.efsdr.plan.PreparedRun;

/** Step 1: validates the stored plan and the execution input, and fixes the workloads of the run. */
public final class ValidatePlanHandler extends TypedHandler<Requests.ValidatePlan, PreparedRun> {
    private final Dependencies dependencies;

    public ValidatePlanHandler() {
        this(Dependencies.fromEnvironment());
    }

    public ValidatePlanHandler(Dependencies dependencies) {
        super(Requests.ValidatePlan.class);
        this.dependencies = dependencies;
    }

    @Override
    protected PreparedRun handle(Requests.ValidatePlan request) {
        return dependencies.runPreparation().prepare(request.workflow(), request.executionName(), request.input());
    }
}
