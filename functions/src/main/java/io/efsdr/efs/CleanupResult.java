package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * What the clean-up of a region-down failover's leftovers did.
 *
 * @param action NOTHING_TO_CLEAN, DELETED_STALE, ALREADY_DELETING or DRY_RUN
 */
public record CleanupResult(String action, String summary, Instant startedAt, Instant finishedAt) implements StepResult {}
