package io.efsdr.plan;

/** A request that belongs to an execution, whose name correlates its logs. */
public interface RunScoped {
    RunContext run();
}
