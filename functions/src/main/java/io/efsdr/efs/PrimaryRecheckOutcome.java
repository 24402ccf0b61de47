package io.efsdr.efs;

/** What re-reading the stopped primary just before the replication delete found. */
public enum PrimaryRecheckOutcome {
    /** Not a graceful failover whose primary was seen stopped (or a failback, a dry run, a re-run). */
    NOT_CHECKED,
    /** The same generations, no replicas, no pod that can write: the stop held, the delete went ahead. */
    UNCHANGED,
    /** Changed since the stop: nothing deleted; the state machine stops the primary again, once. */
    CHANGED,
    /**
     * Changed again after that one re-stop: nothing deleted; the window is unproven and the plan's
     * decision on an unproven final sync applies.
     */
    UNPROVEN
}
