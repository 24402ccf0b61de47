package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one poll of a bounded wait stands: when the wait began, which poll this is, and when it
 * gives up. The state machine loops the poll with a Wait state; each poll gets the previous one.
 *
 * @param redrives the execution's redrive count ({@code $$.Execution.RedriveCount}) at this poll:
 *     the count the wait has seen, so a redrive can restart its bound only once
 * @param restartedAfterRedrive the redrive that restarted the current bound because the bound
 *     before it had run out; null while the bound is the wait's first (also when that first bound
 *     simply began in an execution that was already redriven)
 */
public record Poll(Instant first, int number, Instant deadline, int redrives, Integer restartedAfterRedrive) {

    public Poll(Instant first, int number, Instant deadline) {
        this(first, number, deadline, 0, null);
    }

    /** The first wait between polls, and the shortest. */
    public static final long FIRST_WAIT_SECONDS = 5;
    /** The longest wait between polls of a wait bounded by an hour and a half or less. */
    public static final long MIN_WAIT_CAP_SECONDS = 60;
    /** The longest wait between polls of any wait. */
    public static final long MAX_WAIT_CAP_SECONDS = 600;

    /** A step result that is one poll of a wait. */
    public interface Polled extends StepResult {
        int polls();

        Instant deadline();

        /**
         * The execution's redrive count ({@code $$.Execution.RedriveCount}) this wait last polled
         * under; null for a wait that does not track redrives (treated as 0).
         */
        default Integer redrives() {
            return null;
        }

        /**
         * The redrive that restarted this wait's bound (the bound before it had run out when the
         * redrive came); null while the bound is the wait's first.
         */
        default Integer restartedAfterRedrive() {
            return null;
        }

        /**
         * How long the state machine waits before the next poll (its Wait state reads this): a tenth
         * of the time already waited, at least {@value Poll#FIRST_WAIT_SECONDS} s, at most a hundredth
         * of the whole bound (between {@value Poll#MIN_WAIT_CAP_SECONDS} and
         * {@value Poll#MAX_WAIT_CAP_SECONDS} s). Quick answers come quickly, a wait of hours stays
         * within the execution history's 25,000 events, and a poll never lands more than a tenth late.
         */
        @JsonProperty("nextPollSeconds")
        default long nextPollSeconds() {
            return waitSeconds(startedAt(), finishedAt(), deadline());
        }
    }

    /** The wait before the next poll of a wait that began at {@code first}; see {@link Polled#nextPollSeconds()}. */
    public static long waitSeconds(Instant first, Instant now, Instant deadline) {
        if (first == null || now == null || deadline == null) {
            return FIRST_WAIT_SECONDS;
        }
        long elapsed = Math.max(0, Duration.between(first, now).toSeconds());
        long bound = Math.max(0, Duration.between(first, deadline).toSeconds());
        long cap = Math.clamp(bound / 100, MIN_WAIT_CAP_SECONDS, MAX_WAIT_CAP_SECONDS);
        long wait = Math.clamp(elapsed / 10, FIRST_WAIT_SECONDS, cap);
        long untilDeadline = Duration.between(now, deadline).toSeconds() + 1;
        return untilDeadline > 0 ? Math.max(FIRST_WAIT_SECONDS, Math.min(wait, untilDeadline)) : wait;
    }

    /**
     * The poll after {@code previous}; the first when there is none (Step Functions may pass an
     * empty object as well as null).
     */
    public static Poll next(Polled previous, Instant now, long timeoutSeconds) {
        return next(previous, now, timeoutSeconds, 0);
    }

    /**
     * As {@link #next(Polled, Instant, long)} in an execution redriven {@code redriveCount} times
     * ({@code $$.Execution.RedriveCount}). A redrive re-runs the failed poll with its original input,
     * whose bound began before the redrive and has passed. The first poll under a redrive count the
     * wait has not seen yet starts a new bound at that moment when the bound has passed, and only
     * then: once per redrive, never again under the same count, so a wait cannot restart forever.
     * A redrive that finds the bound still running keeps it (and cannot restart it later), and a
     * wait whose first poll runs in an already-redriven execution has its plain first bound.
     */
    public static Poll next(Polled previous, Instant now, long timeoutSeconds, int redriveCount) {
        if (previous == null || previous.startedAt() == null) {
            return new Poll(now, 1, now.plusSeconds(timeoutSeconds), redriveCount, null);
        }
        int seen = previous.redrives() == null ? 0 : previous.redrives();
        if (redriveCount > seen && previous.deadline() != null && now.isAfter(previous.deadline())) {
            return new Poll(now, previous.polls() + 1, now.plusSeconds(timeoutSeconds), redriveCount, redriveCount);
        }
        Instant began = previous.startedAt();
        return new Poll(
                began,
                previous.polls() + 1,
                began.plusSeconds(timeoutSeconds),
                Math.max(seen, redriveCount),
                previous.restartedAfterRedrive());
    }

    /** Whether a redrive restarted the current bound. */
    public boolean restarted() {
        return restartedAfterRedrive != null;
    }

    /**
     * The words the report and the notification add to a wait whose bound a redrive restarted (it
     * had run out before the redrive); nothing for a first bound, redriven execution or not.
     */
    public String restartNote() {
        return restarted()
                ? " (bound restarted at " + first + " after redrive " + restartedAfterRedrive
                        + ": the bound before it had run out)"
                : "";
    }
}
