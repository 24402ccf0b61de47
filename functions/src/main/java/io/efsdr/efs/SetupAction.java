package io.efsdr.efs;

/** What setting up a replication onto an existing file system did. */
public enum SetupAction {
    CREATED,
    ALREADY_EXISTS,
    /** A region still records an old configuration of these file systems: poll again. */
    WAITING,
    DRY_RUN
}
