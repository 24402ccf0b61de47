package io.efsdr.traffic;

/** What the traffic switch step did. */
public enum TrafficOutcome {
    /** Traffic already went to the target region: nothing was changed (a re-run, a redrive, a manual switch). */
    ALREADY_SET,
    /** The switch was made and its result read back. */
    SWITCHED,
    /** The switch was made and is not confirmed yet (a Route 53 change not INSYNC, a state not read back yet). */
    PENDING,
    /** A dry run: the current state was read and nothing was changed. */
    DRY_RUN;

    /** Whether the state machine goes on. */
    public boolean done() {
        return this != PENDING;
    }
}
