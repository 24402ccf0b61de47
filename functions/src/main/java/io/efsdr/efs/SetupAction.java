package io.efsdr.efs;

/** What setting up a replication onto an existing file system did. */
public enum SetupAction {
    CREATED,
    ALREADY_EXISTS,
    /** A region still records an old configuration of these file systems: poll again. */
    WAITING,
    /**
     * Re-protection (primary -> DR) kept failing until its bound: the DR file system's protection
     * was set back to ENABLED (a DISABLED file system without a replication is read-only) and DR is
     * not protected.
     */
    GAVE_UP,
    DRY_RUN
}
