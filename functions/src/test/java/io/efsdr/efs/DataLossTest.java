package io.efsdr.efs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.plan.FailoverMode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataLossTest {
    private static final Instant LAST_SYNC = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant STOPPED = Instant.parse("2026-12-01T10:01:30Z");
    private static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");

    @Test
    void measure_whenFinalSyncPassedTheStop_expectZeroProvenGraceful() {
        SyncCheck finalSync = sync(STOPPED.plusSeconds(2), true);

        DataLoss loss = DataLoss.measure(FailoverMode.GRACEFUL, LAST_SYNC, STOPPED, finalSync, NOW);

        assertAll(
                () -> assertEquals(0L, loss.windowSeconds()),
                () -> assertTrue(loss.proven()),
                () -> assertEquals(FailoverMode.GRACEFUL, loss.mode()),
                () -> assertEquals(STOPPED.plusSeconds(2), loss.lastReplicatedAt()));
    }

    @Test
    void measure_whenFinalSyncGaveUp_expectStopMinusLastSyncNotProven() {
        SyncCheck finalSync = sync(LAST_SYNC.plusSeconds(30), false);

        DataLoss loss = DataLoss.measure(FailoverMode.GRACEFUL, LAST_SYNC, STOPPED, finalSync, NOW);

        assertAll(
                () -> assertEquals(
                        60L, loss.windowSeconds(), "from the latest sync seen (10:00:30) to the stop (10:01:30)"),
                () -> assertFalse(loss.proven()),
                () -> assertEquals(FailoverMode.GRACEFUL, loss.mode()));
    }

    @Test
    void measure_whenUngracefulWithWritersStopped_expectWindowEndsAtTheStopRoundedUp() {
        DataLoss loss = DataLoss.measure(FailoverMode.UNGRACEFUL, LAST_SYNC, STOPPED.plusMillis(1), null, NOW);

        assertAll(
                () -> assertEquals(91L, loss.windowSeconds()),
                () -> assertFalse(loss.proven()),
                () -> assertEquals(FailoverMode.UNGRACEFUL, loss.mode()));
    }

    @Test
    void measure_whenStopNotSeen_expectWindowUntilNowAndUngracefulEvenIfGracefulAsked() {
        DataLoss loss = DataLoss.measure(FailoverMode.GRACEFUL, LAST_SYNC, null, null, NOW);

        assertAll(
                () -> assertEquals(300L, loss.windowSeconds()),
                () -> assertFalse(loss.proven()),
                () -> assertEquals(FailoverMode.UNGRACEFUL, loss.mode()),
                () -> assertTrue(loss.describe().contains("writers' stop was not seen"), loss.describe()));
    }

    @Test
    void measure_whenLagAlreadyPastTheStop_expectZeroProvenWithoutAFinalSync() {
        DataLoss loss = DataLoss.measure(FailoverMode.UNGRACEFUL, STOPPED.plusSeconds(1), STOPPED, null, NOW);

        assertAll(() -> assertEquals(0L, loss.windowSeconds()), () -> assertTrue(loss.proven()));
    }

    @Test
    void measure_whenNoSyncEverCompleted_expectUnmeasuredAndSaidSo() {
        DataLoss loss = DataLoss.measure(FailoverMode.UNGRACEFUL, null, null, null, NOW);

        assertAll(
                () -> assertNull(loss.windowSeconds()),
                () -> assertFalse(loss.proven()),
                () -> assertTrue(loss.describe().contains("no sync ever completed"), loss.describe()));
    }

    private static SyncCheck sync(Instant lastReplicated, boolean synced) {
        return new SyncCheck(synced, "ENABLED", lastReplicated, 1L, STOPPED, 3, NOW, "sync", STOPPED, NOW, !synced);
    }
}
