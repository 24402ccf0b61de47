package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;

/**
 * One pass of the clean-up of a region-down failover's leftovers: done once the primary region
 * records no replication from the primary file system (a deletion takes a while, and nothing new
 * can be created on that file system until it is over).
 *
 * @param action NOTHING_TO_CLEAN, DELETED_STALE, DELETING or DRY_RUN
 */
public record CleanupResult(
        boolean done,
        CleanupAction action,
        int polls,
        Instant deadline,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements Poll.Polled {}
