package io.efsdr.efs;

/**
 * What EFS's CloudWatch metrics of the primary file system said about the time since its writers
 * stopped. Only {@link #WRITES_SEEN} changes anything: it is evidence against the final-sync proof.
 * The others are no evidence either way; none of them is a proof.
 */
public enum MetricEvidenceOutcome {
    /** Not asked: not a graceful failover whose primary answered and was seen stopped, or a dry run. */
    NOT_CHECKED,
    /** {@code DataWriteIOBytes} above zero in a period that started at or after the writers' stop. */
    WRITES_SEEN,
    /** Datapoints for periods after the stop, all zero: no write seen (not a proof: see the periods read). */
    NONE_SEEN,
    /** No datapoint for a period after the stop (none published yet, or none sent): no evidence. */
    NO_DATA,
    /** The call failed, was throttled or timed out: no evidence. */
    UNAVAILABLE
}
