package io.efsdr.guard;

/** What one run of the split-brain guard found or did. */
public enum GuardOutcome {
    /** No fence pending, no watch: nothing to do (the schedule is disabled). */
    IDLE,
    /** A fence is pending but the active-region record does not say DR yet: the failover has not finished. */
    WAITING_FOR_FAILOVER,
    /** Neither the primary's cluster nor its file system answered. */
    PRIMARY_UNREACHABLE,
    /** Some part was done this run or earlier, another still waits (pods terminating, EFS not answering). */
    PARTLY_FENCED,
    /** Both parts are done: the primary's workloads are stopped and its file system write-fenced. */
    FENCED,
    /** Watch mode: the primary's plan workloads are all still at zero. */
    WATCHING,
    /** Watch mode: plan workloads were scaled back up in the primary; the guard stopped them again. */
    RESTOPPED,
    /** A dry run: what it would do. */
    DRY_RUN
}
