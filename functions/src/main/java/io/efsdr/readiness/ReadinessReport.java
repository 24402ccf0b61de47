package io.efsdr.readiness;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;

/**
 * One run of the readiness checks.
 *
 * @param application the plan's application, or null when the plan could not be read
 * @param overall the worst check status
 * @param changes what changed since the previous run; empty when nothing did
 * @param notified whether a notification was published (only when something changed)
 * @param problems what went wrong around the checks themselves (state or notification), for the log
 */
public record ReadinessReport(
        String application,
        CheckStatus overall,
        List<CheckResult> checks,
        List<String> changes,
        boolean notified,
        List<String> problems,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
