package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.efs.SyncCheck;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void waitSeconds_whenJustStarted_expectTheFirstWait() {
        assertEquals(5, Poll.waitSeconds(T0, T0.plusSeconds(1), T0.plusSeconds(600)));
    }

    @Test
    void waitSeconds_whenWaitingLonger_expectATenthOfTheTimeWaitedUpToTheCap() {
        assertAll(
                () -> assertEquals(30, Poll.waitSeconds(T0, T0.plusSeconds(300), T0.plusSeconds(3600))),
                () -> assertEquals(
                        60, Poll.waitSeconds(T0, T0.plusSeconds(3000), T0.plusSeconds(3600)), "cap for short bounds"),
                () -> assertEquals(
                        216,
                        Poll.waitSeconds(T0, T0.plusSeconds(5 * 3600), T0.plusSeconds(6 * 3600)),
                        "a hundredth of 6 h"),
                () -> assertEquals(
                        600,
                        Poll.waitSeconds(T0, T0.plusSeconds(40 * 3600), T0.plusSeconds(48 * 3600)),
                        "never above 600"));
    }

    @Test
    void waitSeconds_whenTheDeadlineIsNear_expectThePollJustAfterIt() {
        assertEquals(11, Poll.waitSeconds(T0, T0.plusSeconds(3590), T0.plusSeconds(3600)));
    }

    @Test
    void nextPollSeconds_whenSerialized_expectItInTheStateForTheWaitState() {
        SyncCheck check = new SyncCheck(
                false, "ENABLED", null, null, null, 3, T0.plusSeconds(900), "waiting", T0, T0.plusSeconds(200), false);

        var json = Json.MAPPER.valueToTree(check);

        assertTrue(json.has("nextPollSeconds"), json.toString());
        assertEquals(20, json.get("nextPollSeconds").asLong());
    }
}
