package io.efsdr.efs;

import io.efsdr.plan.FailoverMode;
import java.time.Duration;
import java.time.Instant;

/**
 * What a promotion loses of the other side's writing. Writes made on the source before its last
 * sync are on the destination ({@code LastReplicatedTimestamp}); later ones may not be. So the
 * window runs from the last sync to the moment the writers were gone, when that moment was seen,
 * or to now, when it was not (the source region did not answer: its pods may have written until it
 * went down). It is proven zero only by a sync later than the writers' stop and, in a graceful
 * failover that write-fenced the primary, later than the fence's propagation too: until then a
 * mount outside the plan (a CronJob's new pod, a Lambda environment, an EC2 remount) may still
 * connect with write access and write (EFS evaluates the file system policy when a client connects;
 * a change "can take several minutes to take effect"), and a sync that started earlier does not
 * carry those writes.
 *
 * @param mode the mode that ran: graceful needs the writers' stop to have been seen
 * @param windowSeconds rounded up; null when no sync ever completed
 */
record DataLoss(
        FailoverMode mode, Instant lastReplicatedAt, Instant writersStoppedAt, Long windowSeconds, boolean proven) {

    static DataLoss measure(
            FailoverMode requested,
            Instant lastReplicatedAt,
            Instant writersStoppedAt,
            SyncCheck finalSync,
            Instant now) {
        return measure(requested, lastReplicatedAt, writersStoppedAt, finalSync, now, null);
    }

    /**
     * @param fencePropagatedAt when the write fence of this run took effect for new mounts (null: no
     *     fence); the proof needs a sync later than it, and an unproven window runs to it at least
     */
    static DataLoss measure(
            FailoverMode requested,
            Instant lastReplicatedAt,
            Instant writersStoppedAt,
            SyncCheck finalSync,
            Instant now,
            Instant fencePropagatedAt) {
        if (finalSync != null && finalSync.unprovenBecause() != null) {
            // The writers' stop did not hold: they ran again after it, so it bounds nothing.
            writersStoppedAt = null;
        }
        FailoverMode mode = requested == FailoverMode.GRACEFUL && writersStoppedAt != null
                ? FailoverMode.GRACEFUL
                : FailoverMode.UNGRACEFUL;
        Instant lastSync = lastReplicatedAt;
        if (finalSync != null
                && finalSync.lastReplicatedAt() != null
                && (lastSync == null || finalSync.lastReplicatedAt().isAfter(lastSync))) {
            lastSync = finalSync.lastReplicatedAt();
        }
        if (lastSync == null) {
            return new DataLoss(mode, null, writersStoppedAt, null, false);
        }
        Instant end = writersStoppedAt != null ? PrimaryWriteFence.quietFrom(writersStoppedAt, fencePropagatedAt) : now;
        if (!lastSync.isBefore(end) && writersStoppedAt != null) {
            return new DataLoss(mode, lastSync, writersStoppedAt, 0L, true);
        }
        long millis = Math.max(0, Duration.between(lastSync, end).toMillis());
        return new DataLoss(mode, lastSync, writersStoppedAt, (millis + 999) / 1000, false);
    }

    PromotionResult result(
            PromotionAction action, String deletionMode, String summary, Instant startedAt, Instant finishedAt) {
        return new PromotionResult(
                action,
                deletionMode,
                summary + "; " + describe(),
                startedAt,
                finishedAt,
                mode,
                lastReplicatedAt,
                writersStoppedAt,
                windowSeconds,
                proven);
    }

    /** One sentence for the operator: which mode ran and what it may have lost. */
    String describe() {
        String ran = mode == FailoverMode.GRACEFUL ? "graceful" : "ungraceful";
        if (proven) {
            return ran + ": data-loss window 0 s, proven (last sync " + lastReplicatedAt
                    + " is later than the writers' stop " + writersStoppedAt + " and than the write fence's"
                    + " propagation, where one was put on)";
        }
        if (windowSeconds == null) {
            return ran + ": no sync ever completed, so everything written on the other side may be lost";
        }
        return ran + ": data-loss window " + windowSeconds + " s (writes after the last sync " + lastReplicatedAt
                + " until "
                + (writersStoppedAt != null
                        ? "the writers' stop " + writersStoppedAt
                        : "now, since the writers' stop was not seen")
                + " may be lost)";
    }
}
