package io.efsdr.kubernetes;

/** What fencing the old primary did. */
public enum FenceOutcome {
    FENCED,
    ALREADY_STOPPED,
    /** The primary region did not answer: nothing could be stopped there. */
    SKIPPED_UNREACHABLE,
    DRY_RUN
}
