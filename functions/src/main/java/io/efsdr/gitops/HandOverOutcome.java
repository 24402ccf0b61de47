package io.efsdr.gitops;

/** What a hand-over step did. */
public enum HandOverOutcome {
    /** Every plan workload a GitOps controller manages is handed over (set now or before). */
    HANDED_OVER,
    /** No GitOps controller manages a plan workload, or every one already leaves the replicas alone. */
    NONE_NEEDED,
    /** The plan says {@code gitops.handover: false}: the controllers are only reported. */
    DISABLED,
    /** A dry run: says what it would change, changes nothing. */
    DRY_RUN
}
