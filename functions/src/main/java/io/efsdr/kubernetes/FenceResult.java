package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * What fencing the old primary did.
 *
 * @param scale the scaling done, or null when the primary did not answer
 */
public record FenceResult(
        FenceOutcome outcome,
        boolean primaryReachable,
        ScaleResult scale,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
