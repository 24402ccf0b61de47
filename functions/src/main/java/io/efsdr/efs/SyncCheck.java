package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;

/**
 * One poll of a replication sync wait: synced once the replication is ENABLED and (when a sync is
 * required) its {@code LastReplicatedTimestamp} is later than {@code after}, so every change made
 * on the source before {@code after} is on the destination. {@code Status=ENABLED} alone never
 * proves that.
 *
 * @param ageSeconds now minus the last sync, null before the first
 * @param gaveUp a best-effort wait (a graceful failover's final sync) passed its bound, or the
 *     replication cannot sync (ERROR, PAUSED): the caller goes on without the proof
 */
public record SyncCheck(
        boolean synced,
        String status,
        Instant lastReplicatedAt,
        Long ageSeconds,
        Instant after,
        int polls,
        Instant deadline,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        boolean gaveUp,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {
    public SyncCheck(
            boolean synced,
            String status,
            Instant lastReplicatedAt,
            Long ageSeconds,
            Instant after,
            int polls,
            Instant deadline,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            boolean gaveUp) {
        this(
                synced,
                status,
                lastReplicatedAt,
                ageSeconds,
                after,
                polls,
                deadline,
                summary,
                startedAt,
                finishedAt,
                gaveUp,
                null,
                null);
    }
}
