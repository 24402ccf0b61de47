package io.efsdr.drill;

import io.efsdr.sandbox.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One virtual clock shared by every execution of a sandbox, moved as a discrete-event simulation:
 * a participant (an execution, its observation after it ended, or a sequence's run waiting for its
 * {@code --at} start) that enters a Wait asks to sleep until a sandbox instant; the clock moves
 * only while every participant sleeps, and only to the earliest wake time among them; those due
 * are woken. A participant that is awake (a handler mid-invocation, the engine between two states)
 * holds the clock where it is, as a Step Functions execution's Wait never shortens another's.
 *
 * <p>With a single participant the clock moves at once by the whole wait, exactly as a scaled Wait
 * state advanced it before there were sequences. Real time passes on the clock too ({@link
 * VirtualClock}); the coordinator only adds the stretches no one really waited.
 */
public final class ClockCoordinator {
    private final VirtualClock clock;
    private final Runnable afterAdvance;
    /** Each participant's wake time in sandbox epoch milliseconds; null while it is awake. */
    private final Map<String, Long> participants = new LinkedHashMap<>();

    /** @param afterAdvance run after each move of the clock (the sandbox observes its world) */
    public ClockCoordinator(VirtualClock clock, Runnable afterAdvance) {
        this.clock = clock;
        this.afterAdvance = afterAdvance;
    }

    /** {@code name} takes part from now on, awake: the clock holds until it sleeps or ends. */
    public synchronized void begin(String name) {
        participants.put(name, null);
    }

    /**
     * {@code name} takes part from now on, asleep until {@code wake} (a sequence's run that starts
     * at an {@code --at} time: the clock stops there); {@link #awaitWake} blocks until then.
     */
    public synchronized void beginAsleep(String name, Instant wake) {
        participants.put(name, wake.toEpochMilli());
        advanceIfAllAsleep();
    }

    /** {@code name} takes part no more; the others may move on. */
    public synchronized void end(String name) {
        participants.remove(name);
        advanceIfAllAsleep();
    }

    /** Whether {@code name} takes part now. */
    public synchronized boolean participates(String name) {
        return participants.containsKey(name);
    }

    /** Whether {@code name} takes part and sleeps now. */
    synchronized boolean isAsleep(String name) {
        return participants.get(name) != null;
    }

    /**
     * Sleeps {@code name} for {@code duration} of sandbox time from now and returns once the clock
     * reached it. A name that does not take part (a caller outside a drill's run) takes part for
     * this sleep only.
     */
    public void sleep(String name, Duration duration) throws InterruptedException {
        sleepUntilMillis(name, null, duration.toMillis());
    }

    /** Sleeps {@code name} until the sandbox instant {@code wake}; as {@link #sleep}. */
    public void sleepUntil(String name, Instant wake) throws InterruptedException {
        sleepUntilMillis(name, wake.toEpochMilli(), 0);
    }

    /** Blocks until {@code name} (which began asleep) is woken. */
    public synchronized void awaitWake(String name) throws InterruptedException {
        while (participants.containsKey(name) && participants.get(name) != null) {
            wait();
        }
    }

    private synchronized void sleepUntilMillis(String name, Long wake, long forMillis) throws InterruptedException {
        boolean transientParticipant = !participants.containsKey(name);
        long at = wake != null ? wake : clock.millis() + forMillis;
        participants.put(name, at);
        try {
            advanceIfAllAsleep();
            while (participants.get(name) != null) {
                wait();
            }
        } finally {
            if (transientParticipant) {
                participants.remove(name);
                advanceIfAllAsleep();
            } else if (participants.containsKey(name)) {
                participants.put(name, null);
            }
        }
    }

    /**
     * When every participant sleeps: the clock moves to the earliest wake time (not back, when real
     * time already passed it), and every participant due by then wakes.
     */
    private void advanceIfAllAsleep() {
        if (participants.isEmpty() || participants.containsValue(null)) {
            return;
        }
        long earliest =
                participants.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long now = clock.millis();
        if (earliest > now) {
            clock.advance(Duration.ofMillis(earliest - now));
            afterAdvance.run();
            now = clock.millis();
        }
        long reached = Math.max(now, earliest);
        participants.replaceAll((name, wake) -> wake != null && wake <= reached ? null : wake);
        notifyAll();
    }
}
