package io.efsdr.trigger;

/** What the failover trigger did with one alarm state change. */
public enum TriggerOutcome {
    STARTED,
    ALREADY_STARTED,
    /** AutoFailover is disabled: nothing is started. */
    DISABLED,
    /** Declined: the DR region is already the active one. */
    ALREADY_ACTIVE,
    /** Declined: another DR execution is running. */
    REFUSED_RUNNING,
    /** Declined: a DR execution started within the cooldown. */
    COOLDOWN
}
