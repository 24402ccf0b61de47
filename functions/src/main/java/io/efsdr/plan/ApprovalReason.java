package io.efsdr.plan;

/**
 * Why a run waits for a person before its point of no return (promotion), or {@link #NONE} when it
 * does not. Computed in Java (the failover's {@code io.efsdr.efs.FailoverApproval}); the state
 * machine's Choice only reads the boolean beside it.
 */
public enum ApprovalReason {
    /** No approval: a dry run, or nothing asks for one. */
    NONE,
    /** An operator started the run with {@code requireApproval}. */
    OPERATOR_ASKED,
    /** An alarm started the run and {@code AUTO_FAILOVER=approval} asks a person every time. */
    AUTO_FAILOVER_APPROVAL,
    /** An alarm-started failover found the replication in ERROR. */
    REPLICATION_ERROR,
    /** An alarm-started failover found the replication PAUSED or PAUSING. */
    REPLICATION_PAUSED,
    /** An alarm-started failover found the data-loss window over the plan's RPO, or unknown. */
    RPO_EXCEEDED;

    /** Whether this reason makes the run wait for a person. */
    public boolean required() {
        return this != NONE;
    }
}
