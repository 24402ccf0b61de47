package io.efsdr.efs;

import io.efsdr.plan.ApprovalReason;
import io.efsdr.plan.RunContext;
import java.util.Set;

/**
 * Whether a failover waits for a person before it fences the primary and promotes DR ("Approval
 * Needed?" reads the answer): never in a dry run; always when the run asks for it (an operator's
 * {@code requireApproval}, or {@code AUTO_FAILOVER=approval} for an alarm); and for an alarm-started
 * run also when the replication is ERROR, PAUSED or PAUSING or the data-loss window is over the
 * plan's RPO (or unknown). An operator who starts a failover without {@code requireApproval} has
 * already decided, whatever the replication says.
 */
public final class FailoverApproval {
    private static final Set<String> PAUSED = Set.of("PAUSED", "PAUSING");

    private FailoverApproval() {}

    /** The reason this run waits for a person before promotion, {@link ApprovalReason#NONE} when it does not. */
    public static ApprovalReason reason(RunContext run, ReplicationAssessment assessment) {
        if (run.dryRun() || run.approvalNeeded()) {
            return run.approvalReason();
        }
        if (run.alarmName() == null) {
            return ApprovalReason.NONE;
        }
        String replicationStatus = assessment.replicationStatus();
        if ("ERROR".equals(replicationStatus)) {
            return ApprovalReason.REPLICATION_ERROR;
        }
        if (PAUSED.contains(replicationStatus)) {
            return ApprovalReason.REPLICATION_PAUSED;
        }
        return assessment.withinRpo() ? ApprovalReason.NONE : ApprovalReason.RPO_EXCEEDED;
    }
}
