package io.efsdr.guard;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * One run of the split-brain guard.
 *
 * @param state the deferred-fence record after the run
 * @param notified whether this run sent a notification (only when a part changed)
 */
public record GuardResult(
        GuardOutcome outcome, FenceState state, boolean notified, String summary, Instant startedAt, Instant finishedAt)
        implements StepResult {}
