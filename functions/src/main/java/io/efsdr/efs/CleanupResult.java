package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;

/**
 * One pass of the clean-up of a region-down failover's leftovers: done once the primary region
 * records no replication from the primary file system (a deletion takes a while, and nothing new
 * can be created on that file system until it is over).
 *
 * @param action NOTHING_TO_CLEAN, DELETED_STALE, DELETING or DRY_RUN
 * @param redrives see {@link Poll#redrives()}
 * @param restartedAfterRedrive see {@link Poll#restartedAfterRedrive()}
 */
public record CleanupResult(
        boolean done,
        CleanupAction action,
        int polls,
        Instant deadline,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {
    public CleanupResult(
            boolean done,
            CleanupAction action,
            int polls,
            Instant deadline,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        this(done, action, polls, deadline, summary, startedAt, finishedAt, null, null);
    }

    /**
     * This result as a poll of {@code poll}: the redrive count it ran under, and a restart's (named
     * in the summary).
     */
    public CleanupResult polledAs(Poll poll) {
        return new CleanupResult(
                done,
                action,
                polls,
                deadline,
                summary + poll.restartNote(),
                startedAt,
                finishedAt,
                poll.redrives(),
                poll.restartedAfterRedrive());
    }
}
