package io.efsdr.notify;

/** How a person reads a step: the name of its state in the workflow's state machine. */
@FunctionalInterface
public interface StepNames {
    /** The state name of the step whose result is at {@code $.steps.<key>} in {@code workflow}. */
    String displayName(String workflow, String key);
}
