package io.efsdr.efs;

/** What a pass of the failback's clean-up of a stale replication record did. */
public enum CleanupAction {
    NOTHING_TO_CLEAN,
    /** The stale record is gone: this run deleted it. */
    DELETED_STALE,
    /** The stale record is being deleted; the state machine polls again. */
    DELETING,
    DRY_RUN
}
