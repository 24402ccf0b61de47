package io.efsdr.handler;

import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.WorkloadResolution;

/**
 * What the Task payloads share (see {@code statemachine/*.asl.json}): the request of a step on the
 * whole plan, and the resolution of the workloads a step acts on. Each step's own request lives beside
 * its handler.
 */
public final class Requests {
    private Requests() {}

    /**
     * A request whose plan's workloads a step acts on: the handler resolves them first, as its first
     * visible step ({@link #resolvedBy}), since a run too large to carry its workloads in the state
     * carries only the plan's selector.
     */
    public interface OnWorkloads<R> extends RunScoped {
        DrPlan plan();

        /** The same request with {@code resolved} as its plan. */
        R withPlan(DrPlan resolved);

        /** The same request with the plan's workloads resolved for this run (unchanged when it carries them). */
        default R resolvedBy(WorkloadResolution workloads) {
            return withPlan(workloads.resolve(plan(), run()));
        }
    }

    /** A step on the whole plan. */
    public record Step(DrPlan plan, RunContext run) implements OnWorkloads<Step> {
        @Override
        public Step withPlan(DrPlan resolved) {
            return new Step(resolved, run);
        }

        public Step {
            require(plan, "plan");
            require(run, "run");
        }
    }

    static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidInputException("input." + field + ": is missing");
        }
    }
}
