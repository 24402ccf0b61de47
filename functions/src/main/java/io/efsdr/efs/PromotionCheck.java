package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * One poll of the promotion wait: promoted once the DR region records no replication for the DR
 * file system and its protection is ENABLED (writable).
 *
 * @param startedAt the first poll, kept across polls
 * @param deadline when the wait gives up
 * @param polls how many polls so far
 * @param localDeletionAt when this wait deleted the local side with LOCAL_CONFIGURATION_ONLY because
 *     the replication stayed DELETING while its source region did not answer; null otherwise
 */
public record PromotionCheck(
        boolean promoted,
        String replicationStatus,
        ReplicationOverwriteProtection protection,
        int polls,
        Instant deadline,
        String lostAndFound,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        Instant localDeletionAt,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {
    public PromotionCheck(
            boolean promoted,
            String replicationStatus,
            ReplicationOverwriteProtection protection,
            int polls,
            Instant deadline,
            String lostAndFound,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            Instant localDeletionAt) {
        this(
                promoted,
                replicationStatus,
                protection,
                polls,
                deadline,
                lostAndFound,
                summary,
                startedAt,
                finishedAt,
                localDeletionAt,
                null,
                null);
    }
}
