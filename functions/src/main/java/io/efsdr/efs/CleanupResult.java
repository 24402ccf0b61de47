package io.efsdr.efs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.efsdr.plan.Poll;
import java.time.Duration;
import java.time.Instant;

/**
 * One pass of the clean-up of a region-down failover's leftovers: done once the primary region
 * records no replication from the primary file system (a deletion takes a while, and nothing new
 * can be created on that file system until it is over), then once the removal of the primary's
 * write fence has propagated: EFS applies a policy change to new mounts only minutes later, and a
 * primary pod that mounts before then is refused writes for its whole life.
 *
 * @param action NOTHING_TO_CLEAN, DELETED_STALE, DELETING or DRY_RUN
 * @param redrives see {@link Poll#redrives()}
 * @param restartedAfterRedrive see {@link Poll#restartedAfterRedrive()}
 * @param fenceRemovedAt when the write fence came off the primary file system, kept across passes,
 *     retries and redrives; a fence found already gone with no earlier pass that removed it counts
 *     from the pass that found it (it may have come off moments before), which only makes the wait
 *     longer; null until the stale record is gone, and in a dry run
 * @param fenceRemovalPropagatedAt {@code fenceRemovedAt} plus the plan's {@code
 *     timeouts.fencePropagationSeconds}: from then on new mounts of the primary may write again, and
 *     the clean-up is done
 * @param fenceNote what the pass that removed the fence did to it and to the split-brain guard's
 *     record, kept for the passes that follow (the notification shows the last)
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
        Integer restartedAfterRedrive,
        Instant fenceRemovedAt,
        Instant fenceRemovalPropagatedAt,
        String fenceNote)
        implements Poll.Polled {
    public CleanupResult(
            boolean done,
            CleanupAction action,
            int polls,
            Instant deadline,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            Integer redrives,
            Integer restartedAfterRedrive) {
        this(
                done,
                action,
                polls,
                deadline,
                summary,
                startedAt,
                finishedAt,
                redrives,
                restartedAfterRedrive,
                null,
                null,
                null);
    }

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
                poll.restartedAfterRedrive(),
                fenceRemovedAt,
                fenceRemovalPropagatedAt,
                fenceNote);
    }

    /**
     * While the stale record is being deleted, the poll's own spacing; while the fence's removal
     * propagates, until it has (at least a second).
     */
    @Override
    @JsonProperty("nextPollSeconds")
    public long nextPollSeconds() {
        if (!done && fenceRemovalPropagatedAt != null && finishedAt != null) {
            return Math.max(
                    1, (Duration.between(finishedAt, fenceRemovalPropagatedAt).toMillis() + 999) / 1000);
        }
        return Poll.waitSeconds(startedAt, finishedAt, deadline);
    }
}
