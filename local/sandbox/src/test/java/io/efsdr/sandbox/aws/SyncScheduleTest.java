package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sandbox's EFS sync cadence: LastReplicatedTimestamp moves once per completed sync, to its start. */
class SyncScheduleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LAG = Duration.ofSeconds(60);

    private static SyncSchedule every(long seconds, long jitter, long firstNumber) {
        return new SyncSchedule(Duration.ofSeconds(seconds), Duration.ofSeconds(jitter), 7, T0, firstNumber, LAG);
    }

    @Test
    void lastCompletedStart_staysAtTheSyncThatCompletedUntilTheNextOneCompletes() {
        SyncSchedule seeded = every(900, 0, Long.MIN_VALUE);

        assertAll(
                () -> assertEquals(T0.minusSeconds(900), seeded.lastCompletedStart(T0.plusSeconds(59))),
                () -> assertEquals(T0, seeded.lastCompletedStart(T0.plusSeconds(60))),
                () -> assertEquals(T0, seeded.lastCompletedStart(T0.plusSeconds(959))),
                () -> assertEquals(T0.plusSeconds(900), seeded.lastCompletedStart(T0.plusSeconds(960))));
    }

    @Test
    void firstCompletionAfter_aChangeJustAfterASyncStartedWaitsForTheNextSync() {
        SyncSchedule seeded = every(900, 0, Long.MIN_VALUE);

        assertAll(
                () -> assertEquals(T0.plusSeconds(960), seeded.firstCompletionAfter(T0.plusSeconds(1))),
                () -> assertEquals(T0.plusSeconds(960), seeded.firstCompletionAfter(T0)),
                () -> assertEquals(T0.plusSeconds(60), seeded.firstCompletionAfter(T0.minusSeconds(1))));
    }

    @Test
    void aNewReplicationHasNoSyncBeforeItsInitialOneCompletes() {
        SyncSchedule created = every(900, 0, 0);

        assertAll(
                () -> assertNull(created.lastCompletedStart(T0.plusSeconds(59))),
                () -> assertEquals(T0, created.lastCompletedStart(T0.plusSeconds(60))));
    }

    @Test
    void jitter_movesStartsWithinItsBoundAndKeepsTheirOrder() {
        SyncSchedule jittered = every(900, 120, Long.MIN_VALUE);
        Instant previous = jittered.start(-1);
        for (long k = 0; k < 200; k++) {
            Instant start = jittered.start(k);
            long off = Duration.between(T0.plusSeconds(900 * k), start).toSeconds();
            assertTrue(Math.abs(off) <= 120, "sync " + k + " moved " + off + " s");
            assertTrue(start.isAfter(previous));
            assertEquals(start, jittered.start(k), "deterministic");
            assertEquals(start, jittered.lastCompletedStart(start.plus(LAG)));
            previous = start;
        }
    }

    @Test
    void continuous_whenTheIntervalIsZero_trailsByTheLag() {
        assertEquals(T0.plusSeconds(61), every(0, 0, Long.MIN_VALUE).firstCompletionAfter(T0.plusSeconds(1)));
    }

    @Test
    void jitterOfHalfTheIntervalOrMore_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> every(900, 450, 0));
    }
}
