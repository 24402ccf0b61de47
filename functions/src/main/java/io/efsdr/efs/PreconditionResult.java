package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/** The failback's preconditions, all met (otherwise the step fails with what is wrong). */
public record PreconditionResult(
        int drRunningReplicas, int primaryRunningReplicas, String summary, Instant startedAt, Instant finishedAt)
        implements StepResult {}
