package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.PreparedRun;
import io.efsdr.plan.RunPreparation;

/** Step 1: validates the stored plan and the execution input, and fixes the workloads of the run. */
public final class ValidatePlanHandler extends TypedHandler<ValidatePlanHandler.ValidatePlan, PreparedRun> {
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
        super(ValidatePlan.class);
        this.runPreparation = runPreparation;
    }

    @Override
    protected PreparedRun handle(ValidatePlan request) {
        return runPreparation.prepare(request.workflow(), request.executionName(), request.input());
    }

    /** Input of the validate step: the raw execution input and the execution's identity. */
    public record ValidatePlan(JsonNode input, String executionName, String workflow) {
        public ValidatePlan {
            require(executionName, "executionName");
            require(workflow, "workflow");
        }
    }
}
