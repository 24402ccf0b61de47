package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.efs.CleanupAction;
import io.efsdr.efs.CleanupResult;
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

    /** A poll's answer as the state machine hands it to the next poll (through JSON, as Step Functions does). */
    private static CleanupResult answer(Poll poll, Instant finished) {
        CleanupResult result = new CleanupResult(
                false,
                CleanupAction.DELETING,
                poll.number(),
                poll.deadline(),
                "deleting",
                poll.first(),
                finished,
                poll.redrives(),
                poll.restartedAfterRedrive());
        return Json.MAPPER.convertValue(Json.MAPPER.valueToTree(result), CleanupResult.class);
    }

    @Test
    void next_whenRedrivenAfterTheBoundRanOut_expectANewBoundFromTheRedrive() {
        Poll first = Poll.next(null, T0, 600, 0);
        CleanupResult ranOut = answer(first, T0.plusSeconds(601));
        Instant redrive = T0.plusSeconds(3600);

        Poll poll = Poll.next(ranOut, redrive, 600, 1);

        assertAll(
                () -> assertEquals(redrive, poll.first()),
                () -> assertEquals(redrive.plusSeconds(600), poll.deadline()),
                () -> assertEquals(2, poll.number()),
                () -> assertEquals(1, poll.restartedAfterRedrive()),
                () -> assertTrue(
                        poll.restartNote().contains("bound restarted at " + redrive + " after redrive 1"),
                        poll.restartNote()));
    }

    @Test
    void next_whenTheRestartedBoundRunsOutUnderTheSameRedrive_expectNoSecondRestart() {
        Poll restarted =
                Poll.next(answer(Poll.next(null, T0, 600, 0), T0.plusSeconds(601)), T0.plusSeconds(3600), 600, 1);
        Instant late = T0.plusSeconds(3600 + 700);

        Poll poll = Poll.next(answer(restarted, late.minusSeconds(50)), late, 600, 1);

        assertAll(
                () -> assertEquals(T0.plusSeconds(3600), poll.first(), "the restarted bound stays"),
                () -> assertTrue(late.isAfter(poll.deadline()), "so the wait gives up"),
                () -> assertEquals(1, poll.restartedAfterRedrive(), "and still says the redrive restarted it"));
    }

    @Test
    void next_whenRedrivenAgainAfterTheRestartedBoundRanOut_expectOneMoreRestart() {
        Poll restarted =
                Poll.next(answer(Poll.next(null, T0, 600, 0), T0.plusSeconds(601)), T0.plusSeconds(3600), 600, 1);
        Instant second = T0.plusSeconds(9000);

        Poll poll = Poll.next(answer(restarted, T0.plusSeconds(4201)), second, 600, 2);

        assertAll(
                () -> assertEquals(second, poll.first()),
                () -> assertEquals(2, poll.restartedAfterRedrive()),
                () -> assertEquals(2, poll.redrives()));
    }

    @Test
    void next_whenTheWaitBeganInAnAlreadyRedrivenExecution_expectAPlainFirstBoundNeverRestarted() {
        Poll first = Poll.next(null, T0, 600, 1);
        Instant late = T0.plusSeconds(700);

        Poll poll = Poll.next(answer(first, late.minusSeconds(60)), late, 600, 1);

        assertAll(
                () -> assertNull(first.restartedAfterRedrive()),
                () -> assertEquals("", first.restartNote(), "nothing to say about a first bound"),
                () -> assertEquals(T0, poll.first(), "no restart under the count the wait began with"),
                () -> assertTrue(late.isAfter(poll.deadline())),
                () -> assertFalse(poll.restarted()));
    }

    @Test
    void next_whenARedriveFindsTheBoundStillRunning_expectItKeptAndNeverRestartedLater() {
        Poll first = Poll.next(null, T0, 600, 0);
        Poll redriven = Poll.next(answer(first, T0.plusSeconds(100)), T0.plusSeconds(200), 600, 1);
        Instant late = T0.plusSeconds(700);

        Poll poll = Poll.next(answer(redriven, late.minusSeconds(60)), late, 600, 1);

        assertAll(
                () -> assertEquals(T0, redriven.first(), "a running bound is kept"),
                () -> assertFalse(redriven.restarted()),
                () -> assertEquals(T0, poll.first(), "the redrive was spent on a running bound"),
                () -> assertFalse(poll.restarted()));
    }

    @Test
    void next_whenNotRedriven_expectTheBoundToGiveUpAsBefore() {
        Poll first = Poll.next(null, T0, 600);
        Instant late = T0.plusSeconds(700);

        Poll poll = Poll.next(answer(first, late.minusSeconds(60)), late, 600);

        assertAll(() -> assertEquals(T0, poll.first()), () -> assertFalse(poll.restarted()));
    }
}
