package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The discrete-event clock executions share: it moves only while every participant sleeps, to the
 * earliest wake time among them. Real time passes on the sandbox clock too, so every bound below
 * allows the test's own run time (seconds) against waits of minutes.
 */
class ClockCoordinatorTest {
    private final VirtualClock clock = new VirtualClock();
    private final AtomicInteger observed = new AtomicInteger();
    private final ClockCoordinator coordinator = new ClockCoordinator(clock, observed::incrementAndGet);

    private double secondsSince(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    private CompletableFuture<Void> sleeping(String name, long seconds) {
        // A thread of its own per sleeper: the common pool may have a single worker.
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        coordinator.sleep(name, Duration.ofSeconds(seconds));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                runnable -> Thread.ofPlatform().daemon().start(runnable));
    }

    private void untilAsleep(String name) {
        while (!coordinator.isAsleep(name)) {
            Thread.onSpinWait();
        }
    }

    @Test
    void sleep_whenAloneAndNotRegistered_movesTheClockAtOnceByTheWholeWait() throws Exception {
        Instant start = clock.instant();

        coordinator.sleep("one", Duration.ofSeconds(300));

        assertAll(
                () -> assertTrue(secondsSince(start) >= 300, secondsSince(start) + " s"),
                () -> assertTrue(secondsSince(start) < 330, secondsSince(start) + " s"),
                () -> assertTrue(observed.get() > 0, "the world was observed after the move"),
                () -> assertFalse(coordinator.participates("one"), "an unregistered sleeper takes part once"));
    }

    @Test
    void sleep_whenTwoParticipantsWaitAtOnce_movesTheClockByTheLongerWaitNotTheSum() throws Exception {
        coordinator.begin("a");
        coordinator.begin("b");
        Instant start = clock.instant();

        CompletableFuture<Void> a = sleeping("a", 100);
        CompletableFuture<Void> b = sleeping("b", 300);
        a.get();
        double whenAWoke = secondsSince(start);
        coordinator.end("a");
        b.get();

        assertAll(
                () -> assertTrue(whenAWoke >= 100 && whenAWoke < 130, "a woke at " + whenAWoke + " s"),
                () -> assertTrue(secondsSince(start) >= 300, secondsSince(start) + " s"),
                () -> assertTrue(secondsSince(start) < 400 - 30, "not the sum: " + secondsSince(start) + " s"));
    }

    @Test
    void sleep_whileAnotherParticipantIsAwake_holdsTheClockUntilItSleepsOrEnds() throws Exception {
        coordinator.begin("busy");
        coordinator.begin("waiting");
        Instant start = clock.instant();

        CompletableFuture<Void> waiting = sleeping("waiting", 600);
        untilAsleep("waiting");
        double whileBusy = secondsSince(start);
        boolean wokeWhileBusy = waiting.isDone();
        coordinator.end("busy");
        waiting.get();

        assertAll(
                () -> assertFalse(wokeWhileBusy, "it slept while the other was mid-invocation"),
                () -> assertTrue(whileBusy < 30, "the clock held: " + whileBusy + " s"),
                () -> assertTrue(secondsSince(start) >= 600, secondsSince(start) + " s"));
    }

    @Test
    void beginAsleep_whenAStartIsDueBeforeTheRunningWait_stopsTheClockAtTheStart() throws Exception {
        coordinator.begin("first");
        Instant start = clock.instant();
        coordinator.beginAsleep("second", start.plusSeconds(100));

        CompletableFuture<Void> first = sleeping("first", 300);
        coordinator.awaitWake("second");
        double secondStartedAt = secondsSince(start);
        boolean firstWokeEarly = first.isDone();
        coordinator.end("second");
        first.get();

        assertAll(
                () -> assertTrue(
                        secondStartedAt >= 100 && secondStartedAt < 130, "second started at " + secondStartedAt),
                () -> assertFalse(firstWokeEarly, "the first still slept"),
                () -> assertTrue(secondsSince(start) >= 300 && secondsSince(start) < 330, secondsSince(start) + " s"));
    }
}
