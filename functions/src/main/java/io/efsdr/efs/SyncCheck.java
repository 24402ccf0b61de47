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
 *     replication cannot sync (ERROR, PAUSED): the data-loss window is unproven
 * @param decision what a graceful failover does next (see {@link SyncDecision}); derived from
 *     {@code synced} and {@code gaveUp} when not given (a gave-up wait then asks a person)
 * @param unprovenBecause set when the promote step found the stopped primary changed again after
 *     its one re-stop (see {@code PrimaryRecheck}): the writers' stop this wait measured from did not
 *     hold, so no sync proves the window; null otherwise
 * @param redrives the execution's redrive count this wait last polled under (see {@link Poll})
 * @param restartedAfterRedrive the redrive that restarted this wait's bound; null when none did
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
        SyncDecision decision,
        String unprovenBecause,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {

    public SyncCheck {
        if (decision == null) {
            decision = synced ? SyncDecision.PROMOTE : gaveUp ? SyncDecision.ASK : SyncDecision.WAIT;
        }
    }

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

    /** A poll with its redrive bookkeeping; the decision is derived and nothing is unproven yet. */
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
            boolean gaveUp,
            Integer redrives,
            Integer restartedAfterRedrive) {
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
                null,
                redrives,
                restartedAfterRedrive);
    }

    /** The same poll with {@code decision} and a summary that says what it leads to. */
    SyncCheck decided(SyncDecision next, String consequence) {
        return new SyncCheck(
                synced,
                status,
                lastReplicatedAt,
                ageSeconds,
                after,
                polls,
                deadline,
                consequence == null ? summary : summary + "; " + consequence,
                startedAt,
                finishedAt,
                gaveUp,
                next,
                unprovenBecause,
                redrives,
                restartedAfterRedrive);
    }

    /**
     * This wait, given up because the stop it measured from did not hold ({@code reason}); the
     * plan's {@code onUnprovenSync} then decides ({@link Failback#decide}).
     */
    public SyncCheck unproven(String reason) {
        return new SyncCheck(
                false,
                status,
                lastReplicatedAt,
                ageSeconds,
                after,
                polls,
                deadline,
                "window unproven: " + reason,
                startedAt,
                finishedAt,
                true,
                null,
                reason,
                redrives,
                restartedAfterRedrive);
    }
}
