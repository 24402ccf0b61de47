package io.efsdr.kubernetes;

/** What scaling did to one workload. */
public enum ScaleOutcome {
    SCALED,
    UNCHANGED,
    /** The workload does not exist in the cluster. */
    MISSING,
    DRY_RUN
}
