package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * The failback's preconditions, all met (otherwise the step fails with what is wrong).
 *
 * @param splitBrainWriteSeconds what the split-brain guard recorded when it fenced the old primary
 *     after a region-down failover: the longest that file system may have accepted writes after DR's
 *     promotion (they are not on DR, and the failback's replication of DR onto it replaces them);
 *     null when the guard recorded none
 */
public record PreconditionResult(
        int drRunningReplicas,
        int primaryRunningReplicas,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        Long splitBrainWriteSeconds)
        implements StepResult {
    public PreconditionResult(
            int drRunningReplicas, int primaryRunningReplicas, String summary, Instant startedAt, Instant finishedAt) {
        this(drRunningReplicas, primaryRunningReplicas, summary, startedAt, finishedAt, null);
    }

    /** This result, with the guard's record of the old primary's writes after DR's promotion. */
    public PreconditionResult withSplitBrainWrites(long seconds, String note) {
        return new PreconditionResult(
                drRunningReplicas, primaryRunningReplicas, summary + "; " + note, startedAt, finishedAt, seconds);
    }
}
