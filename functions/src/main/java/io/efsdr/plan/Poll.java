package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one poll of a bounded wait stands: when the wait began, which poll this is, and when it
 * gives up. The state machine loops the poll with a Wait state; each poll gets the previous one.
 */
public record Poll(Instant first, int number, Instant deadline, int redrives, boolean restarted) {

    public Poll(Instant first, int number, Instant deadline) {
        this(first, number, deadline, 0, false);
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
         * The execution's redrive count ({@code $$.Execution.RedriveCount}) when this wait's bound
         * began; null for a wait that does not track redrives (treated as 0).
         */
        default Integer redrives() {
            return null;
        }

        /** Whether this wait's bound was restarted by a redrive (it ran out before the redrive). */
        @JsonProperty("redriven")
        default boolean redriven() {
            return redrives() != null && redrives() > 0;
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
     * whose bound began at the first start and has passed: a poll whose bound ran out before a redrive
     * that came after it starts a new bound now (the redrive's moment), once per redrive; a bound that
     * runs out after that gives up as before.
     */
    public static Poll next(Polled previous, Instant now, long timeoutSeconds, int redriveCount) {
        if (previous == null || previous.startedAt() == null) {
            return new Poll(now, 1, now.plusSeconds(timeoutSeconds), redriveCount, false);
        }
        int boundRedrives = previous.redrives() == null ? 0 : previous.redrives();
        if (redriveCount > boundRedrives && previous.deadline() != null && now.isAfter(previous.deadline())) {
            return new Poll(now, previous.polls() + 1, now.plusSeconds(timeoutSeconds), redriveCount, true);
        }
        Instant began = previous.startedAt();
        return new Poll(began, previous.polls() + 1, began.plusSeconds(timeoutSeconds), boundRedrives, false);
    }

    /**
     * The words the report and the notification add to a wait whose bound began after a redrive
     * (restarted by it when the first bound had run out).
     */
    public String restartNote() {
        return redrives > 0
                ? " (bound " + (restarted ? "restarted" : "counted") + " from " + first + ", after redrive " + redrives
                        + ")"
                : "";
    }
}
