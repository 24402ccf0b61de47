package io.efsdr.gitops;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;

/**
 * The result of a hand-over step ({@code $.steps.handover}).
 *
 * @param changes the levers handed over for the run's targets, set by this step or recorded before it
 *     (their values before are the first hand-over's); in a dry run, those it would set
 * @param notes what was left alone and why (an Application that already ignores the replicas, a lever
 *     someone else set, an owner not found, a cluster that did not answer)
 * @param primaryReached whether the primary's cluster answered; false when the step did not try it
 */
public record HandOverResult(
        HandOverOutcome outcome,
        List<HandOverChange> changes,
        List<String> notes,
        boolean primaryReached,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {
    public HandOverResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
