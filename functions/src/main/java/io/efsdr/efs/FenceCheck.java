package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * One pass of a write-fence step on the primary file system, and where its propagation stands.
 * The state keeps the latest under {@code $.steps.writeFence}: the fence put on by a graceful
 * failover, then, when the primary is given back, its removal.
 *
 * @param action what the step does: put the fence on, or take it off
 * @param outcome what this pass's call did ({@code ALREADY_FENCED} / {@code NOT_FENCED} on a
 *     later pass or a retry)
 * @param changedAt when the policy changed, kept across passes; a change this run cannot date (the
 *     fence found in place, or found gone after this run's fence) counts from the pass that found
 *     it, which only makes the wait longer; null when nothing changed (dry run, nothing to remove)
 * @param propagatedAt when EFS is taken to apply the change to new mounts ({@code changedAt} plus
 *     the plan's {@code timeouts.fencePropagationSeconds}); null when nothing changed
 * @param propagated whether that moment has passed (always true when nothing changed)
 * @param nextPollSeconds how long the state machine waits before the next pass: until {@code
 *     propagatedAt}
 */
public record FenceCheck(
        FenceAction action,
        WriteFence.Outcome outcome,
        Instant changedAt,
        Instant propagatedAt,
        boolean propagated,
        long nextPollSeconds,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
