package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * The DR file system's replication as the DR region sees it, with the data-loss window: every
 * change made on the primary after {@code lastReplicatedAt} may be lost by a failover now.
 *
 * @param replicationStatus ENABLED, ENABLING, DELETING, ERROR, PAUSED, PAUSING, or NONE
 * @param dataLossWindowSeconds now minus {@code lastReplicatedAt}; null when not measurable
 */
public record ReplicationAssessment(
    String drFileSystemId,
    String sourceFileSystemId,
    String replicationStatus,
    String statusMessage,
    String protection,
    Instant lastReplicatedAt,
    Long dataLossWindowSeconds,
    boolean withinRpo,
    boolean alreadyPromoted,
    String summary,
    Instant startedAt,
    Instant finishedAt)
    implements StepResult {}
