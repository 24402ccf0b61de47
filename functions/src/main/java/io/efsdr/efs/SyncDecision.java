package io.efsdr.efs;

/**
 * What a graceful failover does after one poll of its final-sync wait; the state machine's "Final
 * Sync Done?" reads it, so the rule lives here rather than in the Choice.
 */
public enum SyncDecision {
    /** Not synced yet and within the bound: poll again. */
    WAIT,
    /** Synced (window 0, proven), or gave up with {@code onUnprovenSync: promote}: promote now. */
    PROMOTE,
    /** Gave up and a person decides ({@code onUnprovenSync: approval}, or the run requires approval). */
    ASK,
    /** Gave up with {@code onUnprovenSync: abort}: give the primary back and end without promoting. */
    ABORT
}
