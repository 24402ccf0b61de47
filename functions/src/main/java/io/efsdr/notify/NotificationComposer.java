package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes notifications for a person on call: the subject says what happened; the body starts
 * with the outcome, then the numbers, the timeline, what was skipped or repaired, what to do next,
 * and ends with a JSON block for machines.
 */
public final class NotificationComposer {
    private final Clock clock;
    private final StepNames names;

    /** A composer that names steps by their result keys (tests of the wording, which need no catalogue). */
    public NotificationComposer(Clock clock) {
        this(clock, (workflow, key) -> key);
    }

    /** @param names how a person reads each step: its state's name (io.efsdr.handler.StepCatalogue) */
    public NotificationComposer(Clock clock, StepNames names) {
        this.clock = clock;
        this.names = names;
    }

    /** How a person reads the step kept at {@code $.steps.<key>} of {@code workflow}. */
    String stepName(String workflow, String key) {
        return names.displayName(workflow, key);
    }

    /** The clock the composer reads "now" from. */
    Clock clock() {
        return clock;
    }

    /**
     * The figures a finished run reports. The data-loss window is the promotion's measurement once
     * the promote step ran (from the last sync to the writers' stop, proven 0 by a later sync), and
     * the assessment's estimate before.
     *
     * @param mode graceful or ungraceful, as the promotion ran; null before it
     */
    public record Figures(
            Long rtoSeconds,
            Long dataLossWindowSeconds,
            Instant lastReplicatedAt,
            Long writeStopSeconds,
            String mode,
            boolean dataLossProven,
            Instant drUnprotectedSince) {
        public Figures(Long rtoSeconds, Long dataLossWindowSeconds, Instant lastReplicatedAt) {
            this(rtoSeconds, dataLossWindowSeconds, lastReplicatedAt, null, null, false);
        }

        public Figures(
                Long rtoSeconds,
                Long dataLossWindowSeconds,
                Instant lastReplicatedAt,
                Long writeStopSeconds,
                String mode,
                boolean dataLossProven) {
            this(rtoSeconds, dataLossWindowSeconds, lastReplicatedAt, writeStopSeconds, mode, dataLossProven, null);
        }
    }

    /** The run's figures, worked out once from its step results ({@link RunFacts#figures}). */
    public Figures figures(NotifyRequest request) {
        return RunFacts.figures(request);
    }

    public Notification compose(NotifyRequest request) {
        return request.plan() == null || request.run() == null ? rejected(request) : compose(request, figures(request));
    }

    /** As {@link #compose(NotifyRequest)}, with the run's figures already worked out. */
    public Notification compose(NotifyRequest request, Figures figures) {
        if (request.plan() == null || request.run() == null) {
            return rejected(request);
        }
        RunContext run = request.run();
        DrPlan plan = request.plan();
        String workflow = run.workflow().toUpperCase(Locale.ROOT);
        String event = request.event().toUpperCase(Locale.ROOT);
        String dry = run.dryRun() ? "[DRY RUN] " : "";
        String from = RunFacts.origin(request).region();
        String to = RunFacts.destination(request).region();
        String subject = switch (event) {
            case "STARTED" -> dry + "DR " + workflow + " started: " + plan.application() + " " + from + " -> " + to;
            case "COMPLETE" ->
                dry + "DR " + workflow + " complete: " + plan.application() + " runs in " + to
                        + (figures.rtoSeconds() == null ? "" : " (RTO " + figures.rtoSeconds() + " s)");
            case "NOT_APPROVED" ->
                dry + "DR " + workflow
                        + (RunFacts.finalSyncUnproven(request) ? " STOPPED, FINAL SYNC UNPROVEN" : " NOT APPROVED")
                        + ": nothing promoted, " + plan.application() + " stays in " + from;
            case "HOOK_ABORTED" ->
                dry + "DR " + workflow + " STOPPED BY HOOK at " + RunFacts.abortedPoint(request) + ": "
                        + (RunFacts.beforePointOfNoReturn(request)
                                ? "nothing promoted, " + plan.application() + " stays in " + from
                                : plan.application() + ", "
                                        + RunFacts.destination(request).fileSystemId()
                                        + (RunFacts.promoted(request) ? " IS PROMOTED" : ""));
            case "TIMED_OUT" ->
                dry + "DR " + workflow + " TIMED OUT at " + OutcomeText.nullToUnknown(request.failedState()) + ": "
                        + plan.application();
            case "ABORTED" ->
                dry + "DR " + workflow + " ABORTED at " + OutcomeText.nullToUnknown(request.failedState()) + ": "
                        + plan.application();
            default ->
                dry + "DR " + workflow + " FAILED at " + OutcomeText.nullToUnknown(request.failedState()) + ": "
                        + plan.application();
        };
        StringBuilder body = new StringBuilder();
        body.append(OutcomeText.outcome(request, event, figures)).append("\n\n");
        body.append("Numbers\n");
        body.append("  Execution: ")
                .append(run.executionName())
                .append(" (")
                .append(run.workflow())
                .append(", ")
                .append(run.dryRun() ? "dry run: nothing was changed" : "live")
                .append(")\n");
        body.append("  Reason: ").append(run.reason()).append("\n");
        body.append("  Started: ").append(run.startedAt()).append("\n");
        if (figures.rtoSeconds() != null) {
            body.append("  RTO (start to workloads ready): ")
                    .append(figures.rtoSeconds())
                    .append(" s\n");
            if (figures.writeStopSeconds() != null) {
                body.append("  Writes stopped (DR writers stopped to primary ready): ")
                        .append(figures.writeStopSeconds())
                        .append(" s\n");
            }
        } else if (!event.equals("STARTED")) {
            body.append("  Elapsed: ")
                    .append(Duration.between(run.startedAt(), clock.instant()).toSeconds())
                    .append(" s\n");
        }
        if (RunFacts.isFailback(request)) {
            body.append(
                    "  Data-loss window: none: the primary is promoted only after a sync later than the DR writers' "
                            + "stop\n");
        } else {
            if (figures.mode() != null) {
                body.append("  Mode: ")
                        .append(figures.mode())
                        .append(
                                figures.mode().equals("graceful")
                                        ? " (the primary's writers were stopped, then a final sync was awaited)"
                                        : " (promoted without a final sync past the writers' stop)")
                        .append("\n");
            }
            body.append("  Data-loss window: ")
                    .append(OutcomeText.windowText(figures, plan))
                    .append("\n");
            RunFacts.metricEvidence(request)
                    .ifPresent(evidence -> body.append("  CloudWatch (")
                            .append(evidence.outcome())
                            .append("): ")
                            .append(evidence.summary())
                            .append("\n"));
        }
        List<String> noData = AttentionText.noDataInDr(request);
        if (!noData.isEmpty()) {
            body.append("\n").append(noData.getFirst()).append("\n");
            noData.stream()
                    .skip(1)
                    .forEach(line -> body.append("  - ").append(line).append("\n"));
        }
        List<String> timeline = timeline(request);
        if (!timeline.isEmpty()) {
            body.append("\nTimeline\n");
            timeline.forEach(line -> body.append("  ").append(line).append("\n"));
        }
        List<String> attention = AttentionText.attention(request);
        if (!attention.isEmpty()) {
            body.append("\nSkipped, repaired or needing attention\n");
            attention.forEach(line -> body.append("  - ").append(line).append("\n"));
        }
        List<String> hooks = AttentionText.hookLines(request);
        if (!hooks.isEmpty()) {
            body.append("\nHooks\n");
            hooks.forEach(line -> body.append("  - ").append(line).append("\n"));
        }
        body.append("\nWhat to do next\n");
        NextStepsText.nextSteps(request, event)
                .forEach(line -> body.append("  - ").append(line).append("\n"));
        body.append("\nMachine-readable\n")
                .append(MachineBlock.machineBlock(request, event, figures))
                .append("\n");
        return new Notification(subject, body.toString());
    }

    /** The human part of a caught Lambda error: its {@code errorMessage} when the cause is JSON. */
    static String errorMessage(NotifyRequest request) {
        return RunFacts.errorMessage(request);
    }

    /** A run that never got a valid plan: nothing was changed, the error says what to fix. */
    private Notification rejected(NotifyRequest request) {
        String workflow = request.run() != null ? request.run().workflow() : request.workflow();
        String execution = request.run() != null ? request.run().executionName() : request.executionName();
        String subject = "DR " + workflow.toUpperCase(Locale.ROOT) + " FAILED at "
                + OutcomeText.nullToUnknown(request.failedState()) + ": nothing was changed";
        String body = "Outcome: " + workflow + " execution " + execution + " stopped at \""
                + OutcomeText.nullToUnknown(request.failedState())
                + "\" before changing anything: " + RunFacts.errorMessage(request) + "\n\n"
                + "What to do next\n"
                + "  - Correct the plan parameter or the execution input as the error says (every problem names its "
                + "field).\n"
                + "  - Then start the workflow again. If a region is down now, this is urgent: no failover has "
                + "happened.\n";
        return new Notification(subject, body);
    }

    private List<String> timeline(NotifyRequest request) {
        if (request.steps() == null) {
            return List.of();
        }
        List<Map.Entry<String, JsonNode>> entries =
                new ArrayList<>(request.steps().entrySet());
        entries.removeIf(e -> !e.getValue().hasNonNull("startedAt"));
        entries.sort(Comparator.comparing(
                e -> Instant.parse(e.getValue().get("startedAt").asText())));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : entries) {
            JsonNode step = entry.getValue();
            Instant started = Instant.parse(step.get("startedAt").asText());
            Instant finished = step.hasNonNull("finishedAt")
                    ? Instant.parse(step.get("finishedAt").asText())
                    : started;
            long offset = Duration.between(request.run().startedAt(), started).toSeconds();
            double seconds = Duration.between(started, finished).toMillis() / 1000.0;
            lines.add(String.format(
                    Locale.ROOT,
                    "+%4d s  %-24s %7.1f s  %s",
                    offset,
                    names.displayName(request.run().workflow(), entry.getKey()),
                    seconds,
                    step.path("summary").asText("")));
        }
        return lines;
    }
}
