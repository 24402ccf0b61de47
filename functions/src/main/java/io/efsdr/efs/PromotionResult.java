package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * What the promote step did to the replication configuration.
 *
 * @param action DELETED, DELETED_LOCAL_ONLY, ALREADY_DELETING, ALREADY_PROMOTED or DRY_RUN
 * @param deletionMode the EFS deletion mode used, or null when nothing was deleted
 */
public record PromotionResult(
    String action, String deletionMode, String summary, Instant startedAt, Instant finishedAt)
    implements StepResult {}
