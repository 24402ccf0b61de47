package io.efsdr.plan;

/** Where the plan document is kept (SSM Parameter Store in AWS). */
public interface PlanSource {
    /** The plan JSON text; fails with the parameter named when it cannot be read. */
    String read();
}
