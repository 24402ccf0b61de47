package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;

/**
 * One poll of the promotion wait: promoted once the DR region records no replication for the DR
 * file system and its protection is ENABLED (writable).
 *
 * @param startedAt the first poll, kept across polls
 * @param deadline when the wait gives up
 * @param polls how many polls so far
 */
public record PromotionCheck(
    boolean promoted,
    String replicationStatus,
    String protection,
    int polls,
    Instant deadline,
    String lostAndFound,
    String summary,
    Instant startedAt,
    Instant finishedAt)
    implements Poll.Polled {}
