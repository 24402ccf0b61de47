package io.efsdr.efs;

import io.efsdr.plan.ApprovalReason;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.StepResult;
import java.time.Instant;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * The DR file system's replication as the DR region sees it, with the data-loss window: every
 * change made on the primary after {@code lastReplicatedAt} may be lost by a failover now.
 *
 * @param replicationStatus ENABLED, ENABLING, DELETING, ERROR, PAUSED, PAUSING, or NONE
 * @param dataLossWindowSeconds now minus {@code lastReplicatedAt}; null when not measurable
 * @param drUnprotectedSince no replication into DR is recorded and the active-region record says
 *     nothing has replicated into it since then (a failback's re-protection gave up): the window is
 *     unknown and unproven; null otherwise
 * @param approvalRequired whether the failover waits for a person before promotion ("Approval
 *     Needed?" reads it): {@code approvalReason} is not NONE
 * @param approvalReason why, decided by {@link FailoverApproval} for the run ({@link #forRun})
 */
public record ReplicationAssessment(
        String drFileSystemId,
        String sourceFileSystemId,
        String replicationStatus,
        String statusMessage,
        ReplicationOverwriteProtection protection,
        Instant lastReplicatedAt,
        Long dataLossWindowSeconds,
        boolean withinRpo,
        boolean alreadyPromoted,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        Instant drUnprotectedSince,
        boolean approvalRequired,
        ApprovalReason approvalReason)
        implements StepResult {

    public ReplicationAssessment {
        if (approvalReason == null) {
            approvalReason = ApprovalReason.NONE;
        }
        if (approvalRequired != approvalReason.required()) {
            throw new IllegalArgumentException(
                    "approvalRequired " + approvalRequired + " does not match approvalReason " + approvalReason);
        }
    }

    public ReplicationAssessment(
            String drFileSystemId,
            String sourceFileSystemId,
            String replicationStatus,
            String statusMessage,
            ReplicationOverwriteProtection protection,
            Instant lastReplicatedAt,
            Long dataLossWindowSeconds,
            boolean withinRpo,
            boolean alreadyPromoted,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        this(
                drFileSystemId,
                sourceFileSystemId,
                replicationStatus,
                statusMessage,
                protection,
                lastReplicatedAt,
                dataLossWindowSeconds,
                withinRpo,
                alreadyPromoted,
                summary,
                startedAt,
                finishedAt,
                null,
                false,
                ApprovalReason.NONE);
    }

    /** This assessment with the approval {@link FailoverApproval} decides for {@code run}. */
    public ReplicationAssessment forRun(RunContext run) {
        ApprovalReason reason = FailoverApproval.reason(run, this);
        return new ReplicationAssessment(
                drFileSystemId,
                sourceFileSystemId,
                replicationStatus,
                statusMessage,
                protection,
                lastReplicatedAt,
                dataLossWindowSeconds,
                withinRpo,
                alreadyPromoted,
                summary,
                startedAt,
                finishedAt,
                drUnprotectedSince,
                reason.required(),
                reason);
    }

    /**
     * No replication into the DR file system since {@code since}, when a failback's re-protection
     * gave up: the window is unknown, so not within the RPO (an alarm-started run asks a person).
     */
    public static ReplicationAssessment unprotected(
            String drFileSystemId,
            ReplicationOverwriteProtection protection,
            Instant since,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        return new ReplicationAssessment(
                drFileSystemId,
                null,
                "NONE",
                null,
                protection,
                null,
                null,
                false,
                false,
                summary,
                startedAt,
                finishedAt,
                since,
                false,
                ApprovalReason.NONE);
    }

    /** No replication is recorded into the DR file system (promoted by an earlier run, or never replicated). */
    public static ReplicationAssessment noReplication(
            String drFileSystemId,
            ReplicationOverwriteProtection protection,
            boolean alreadyPromoted,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        return new ReplicationAssessment(
                drFileSystemId,
                null,
                "NONE",
                null,
                protection,
                null,
                null,
                true,
                alreadyPromoted,
                summary,
                startedAt,
                finishedAt);
    }

    /** The replication into the DR file system as the DR region records it, with the window measured now. */
    public static ReplicationAssessment of(
            String drFileSystemId,
            ReplicationView replication,
            ReplicationOverwriteProtection protection,
            Long dataLossWindowSeconds,
            boolean withinRpo,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        return new ReplicationAssessment(
                drFileSystemId,
                replication.sourceFileSystemId(),
                replication.status().toString(),
                replication.statusMessage(),
                protection,
                replication.lastReplicatedAt(),
                dataLossWindowSeconds,
                withinRpo,
                false,
                summary,
                startedAt,
                finishedAt);
    }
}
