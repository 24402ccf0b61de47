package io.efsdr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.efs.CleanupAction;
import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.MetricEvidence;
import io.efsdr.efs.MetricEvidenceOutcome;
import io.efsdr.efs.PromotionAction;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.ReplicationAssessment;
import io.efsdr.efs.SyncCheck;
import io.efsdr.efs.WriteFence;
import io.efsdr.error.TrafficRefusedException;
import io.efsdr.gitops.GiveBackResult;
import io.efsdr.gitops.HandOverOutcome;
import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookResult;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.NewClaim;
import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.HookPoint;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.StandbyHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    public Figures figures(NotifyRequest request) {
        Optional<ReplicationAssessment> assess = request.step(StepKey.ASSESS);
        Optional<PromotionResult> promote = request.step(StepKey.PROMOTE)
                .filter(p -> p.mode() != null && p.action() != PromotionAction.ALREADY_PROMOTED);
        Long window = promote.isPresent()
                ? promote.get().dataLossWindowSeconds()
                : assess.map(ReplicationAssessment::dataLossWindowSeconds).orElse(null);
        Instant lastSync = promote.isPresent()
                ? promote.get().lastReplicatedAt()
                : assess.map(ReplicationAssessment::lastReplicatedAt).orElse(null);
        String mode = promote.map(p -> p.mode().json()).orElse(null);
        boolean proven = promote.map(PromotionResult::dataLossProven).orElse(false);
        Optional<ReadinessCheck> ready =
                request.step(StepKey.READINESS).filter(r -> r.ready() && r.finishedAt() != null);
        Long rto = ready.isPresent() && request.run().startedAt() != null
                ? Duration.between(request.run().startedAt(), ready.get().finishedAt())
                        .toSeconds()
                : null;
        Optional<ScaleResult> stopDr = request.step(StepKey.STOP_DR).filter(s -> s.startedAt() != null);
        Long writeStop = rto != null && stopDr.isPresent()
                ? Duration.between(stopDr.get().startedAt(), ready.get().finishedAt())
                        .toSeconds()
                : null;
        Instant unprotectedSince =
                assess.map(ReplicationAssessment::drUnprotectedSince).orElse(null);
        if (unprotectedSince != null) {
            window = null;
            proven = false;
            mode = mode != null ? mode : request.run().mode().json();
        }
        return new Figures(rto, window, lastSync, writeStop, mode, proven, unprotectedSince);
    }

    /** How long each step that says when it started and finished took, in seconds, in step order. */
    public static Map<String, Double> stepSeconds(Map<String, JsonNode> steps) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (steps != null) {
            steps.forEach((key, step) -> {
                if (step.hasNonNull("startedAt") && step.hasNonNull("finishedAt")) {
                    seconds.put(
                            key,
                            Duration.between(
                                                    Instant.parse(step.get("startedAt")
                                                            .asText()),
                                                    Instant.parse(step.get("finishedAt")
                                                            .asText()))
                                            .toMillis()
                                    / 1000.0);
                }
            });
        }
        return seconds;
    }

    static boolean isFailback(NotifyRequest request) {
        return "failback".equals(request.run().workflow());
    }

    /** Where the application runs once this workflow succeeds. */
    static Site destination(NotifyRequest request) {
        return isFailback(request) ? request.plan().primary() : request.plan().dr();
    }

    static Site origin(NotifyRequest request) {
        return isFailback(request) ? request.plan().dr() : request.plan().primary();
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
        String from = origin(request).region();
        String to = destination(request).region();
        String subject = switch (event) {
            case "STARTED" -> dry + "DR " + workflow + " started: " + plan.application() + " " + from + " -> " + to;
            case "COMPLETE" ->
                dry + "DR " + workflow + " complete: " + plan.application() + " runs in " + to
                        + (figures.rtoSeconds() == null ? "" : " (RTO " + figures.rtoSeconds() + " s)");
            case "NOT_APPROVED" ->
                dry + "DR " + workflow
                        + (finalSyncUnproven(request) ? " STOPPED, FINAL SYNC UNPROVEN" : " NOT APPROVED")
                        + ": nothing promoted, " + plan.application() + " stays in " + from;
            case "HOOK_ABORTED" ->
                dry + "DR " + workflow + " STOPPED BY HOOK at " + abortedPoint(request) + ": "
                        + (beforePointOfNoReturn(request)
                                ? "nothing promoted, " + plan.application() + " stays in " + from
                                : plan.application() + ", "
                                        + destination(request).fileSystemId()
                                        + (promoted(request) ? " IS PROMOTED" : ""));
            case "TIMED_OUT" ->
                dry + "DR " + workflow + " TIMED OUT at " + nullToUnknown(request.failedState()) + ": "
                        + plan.application();
            case "ABORTED" ->
                dry + "DR " + workflow + " ABORTED at " + nullToUnknown(request.failedState()) + ": "
                        + plan.application();
            default ->
                dry + "DR " + workflow + " FAILED at " + nullToUnknown(request.failedState()) + ": "
                        + plan.application();
        };
        StringBuilder body = new StringBuilder();
        body.append(outcome(request, event, figures)).append("\n\n");
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
        if (isFailback(request)) {
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
                    .append(windowText(figures, plan))
                    .append("\n");
            metricEvidence(request)
                    .ifPresent(evidence -> body.append("  CloudWatch (")
                            .append(evidence.outcome())
                            .append("): ")
                            .append(evidence.summary())
                            .append("\n"));
        }
        List<String> noData = noDataInDr(request);
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
        List<String> attention = attention(request);
        if (!attention.isEmpty()) {
            body.append("\nSkipped, repaired or needing attention\n");
            attention.forEach(line -> body.append("  - ").append(line).append("\n"));
        }
        List<String> hooks = hookLines(request);
        if (!hooks.isEmpty()) {
            body.append("\nHooks\n");
            hooks.forEach(line -> body.append("  - ").append(line).append("\n"));
        }
        body.append("\nWhat to do next\n");
        nextSteps(request, event)
                .forEach(line -> body.append("  - ").append(line).append("\n"));
        body.append("\nMachine-readable\n")
                .append(machineBlock(request, event, figures))
                .append("\n");
        return new Notification(subject, body.toString());
    }

    /** A run that never got a valid plan: nothing was changed, the error says what to fix. */
    private Notification rejected(NotifyRequest request) {
        String workflow = request.run() != null ? request.run().workflow() : request.workflow();
        String execution = request.run() != null ? request.run().executionName() : request.executionName();
        String subject = "DR " + workflow.toUpperCase(Locale.ROOT) + " FAILED at "
                + nullToUnknown(request.failedState()) + ": nothing was changed";
        String body = "Outcome: " + workflow + " execution " + execution + " stopped at \""
                + nullToUnknown(request.failedState())
                + "\" before changing anything: " + errorMessage(request) + "\n\n"
                + "What to do next\n"
                + "  - Correct the plan parameter or the execution input as the error says (every problem names its "
                + "field).\n"
                + "  - Then start the workflow again. If a region is down now, this is urgent: no failover has "
                + "happened.\n";
        return new Notification(subject, body);
    }

    private String outcome(NotifyRequest request, String event, Figures figures) {
        DrPlan plan = request.plan();
        String workflow = request.run().workflow();
        return switch (event) {
            case "STARTED" ->
                "Outcome: " + workflow + " of " + plan.application() + " from "
                        + origin(request).region() + " to "
                        + destination(request).region() + " has started."
                        + (isFailback(request)
                                ? " Expect a write stop: from when the DR workloads are stopped until the primary's "
                                        + "are ready."
                                : " The data-loss window is " + windowText(figures, plan) + ".");
            case "COMPLETE" ->
                request.run().dryRun()
                        ? "Outcome: the dry run of " + workflow
                                + " finished; every step below says what it would do. Nothing was changed."
                        : isFailback(request)
                                ? "Outcome: " + plan.application() + " runs in "
                                        + plan.primary().region() + " again on "
                                        + plan.primary().fileSystemId() + ", replicated to "
                                        + plan.dr().fileSystemId() + " in "
                                        + plan.dr().region() + "; the DR workloads are back at standby."
                                : "Outcome: " + plan.application() + " now runs in "
                                        + plan.dr().region() + " on "
                                        + plan.dr().fileSystemId() + ", which is writable. The primary region "
                                        + plan.primary().region() + " is no longer replicated to.";
            case "NOT_APPROVED" ->
                finalSyncUnproven(request)
                        ? finalSyncUnprovenOutcome(request)
                        : "Outcome: the " + workflow + " waited for approval and was "
                                + ("States.Timeout"
                                                .equals(
                                                        request.error() == null
                                                                ? null
                                                                : request.error()
                                                                        .error())
                                        ? "not answered in time"
                                        : "rejected (" + errorMessage(request) + ")")
                                + ": it ended without promoting. "
                                + (isFailback(request)
                                        ? "The DR workloads were scaled back up: the application serves from "
                                                + plan.dr().region() + " again."
                                        : primaryGivenBack(request));
            case "HOOK_ABORTED" -> hookAbortedOutcome(request);
            default ->
                "Outcome: " + workflow + " " + event.replace("_", " ") + " at \"" + nullToUnknown(request.failedState())
                        + "\": " + errorMessage(request)
                        + (promoted(request)
                                ? "\nThe " + (isFailback(request) ? "primary" : "DR") + " file system "
                                        + destination(request).fileSystemId()
                                        + " IS ALREADY PROMOTED (writable); the workloads are not confirmed up."
                                : "")
                        + (writesStopped(request)
                                ? "\nWRITES ARE STOPPED: the DR workloads are at zero and the primary is not serving "
                                        + "yet."
                                : "")
                        + (primaryFenced(request) && !promoted(request) ? "\n" + fencedPrimary(request) : "");
        };
    }

    /**
     * What the primary file system's CloudWatch metrics said before the delete, when the promote step
     * read them: independent evidence against the final-sync proof, or none.
     */
    static Optional<MetricEvidence> metricEvidence(NotifyRequest request) {
        return request.step(StepKey.PROMOTE)
                .map(PromotionResult::metricEvidence)
                .filter(e -> e.outcome() != MetricEvidenceOutcome.NOT_CHECKED);
    }

    static String windowText(Figures figures, DrPlan plan) {
        if (figures.drUnprotectedSince() != null) {
            return "unknown and unproven: nothing has replicated into DR since " + figures.drUnprotectedSince()
                    + ", when the failback's re-protection gave up; everything the primary wrote since then may be"
                    + " lost";
        }
        if (figures.dataLossProven()) {
            return "0 s, proven: the last sync (" + figures.lastReplicatedAt()
                    + ") is later than the moment the primary's last pod was gone";
        }
        if (figures.dataLossWindowSeconds() == null) {
            return "not measured (no completed sync was recorded)";
        }
        return figures.dataLossWindowSeconds() + " s: changes made on the primary after " + figures.lastReplicatedAt()
                + " may be lost (RPO " + plan.rpoSeconds() + " s, "
                + (figures.dataLossWindowSeconds() <= plan.rpoSeconds() ? "met" : "EXCEEDED") + ")";
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

    /**
     * The GitOps hand-over: a failover that handed workloads over says what a person changes in Git
     * so that Git makes the new region the desired state (the levers hold until the failback gives
     * them back); a give-back says what it left alone or could not verify.
     */
    private static void gitOps(NotifyRequest request, List<String> lines) {
        Optional<GiveBackResult> giveBack = request.step(StepKey.GIVE_BACK).filter(g -> g.summary() != null);
        request.step(StepKey.HANDOVER).filter(h -> h.summary() != null).ifPresent(h -> {
            if (h.changes().isEmpty() || giveBack.isPresent() || isFailback(request)) {
                if (!h.notes().isEmpty() || h.outcome() == HandOverOutcome.DISABLED) {
                    lines.add(h.summary());
                }
                return;
            }
            String serving = request.plan().dr().region();
            lines.add(h.summary() + ". The workloads stay handed over until a failback gives them back."
                    + " To make " + serving + " the desired state in Git: "
                    + String.join(
                            "; ",
                            h.changes().stream()
                                    .map(c -> c.gitChange(serving))
                                    .distinct()
                                    .toList())
                    + " (then the failback's give-back finds Git and the clusters agreeing)");
        });
        giveBack.filter(g -> !g.leftAlone().isEmpty() || g.gaveUp() || !g.inSync())
                .ifPresent(g -> lines.add(g.summary()));
    }

    static List<String> attention(NotifyRequest request) {
        List<String> lines = new ArrayList<>();
        gitOps(request, lines);
        request.step(StepKey.TRAFFIC)
                .filter(t -> t.failedEndpoints() != null && !t.failedEndpoints().isEmpty())
                .ifPresent(t -> lines.add("traffic switched via " + t.endpoint() + "; ARC cluster endpoints that "
                        + "did not answer: " + String.join("; ", t.failedEndpoints())));
        request.step(StepKey.FENCE)
                .filter(f -> f.outcome() == FenceOutcome.SKIPPED_UNREACHABLE)
                .ifPresent(f -> lines.add(f.summary()));
        request.step(StepKey.PROMOTE)
                .filter(p -> p.action() == PromotionAction.DELETED_LOCAL_ONLY)
                .ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.PROMOTION)
                .filter(p -> p.localDeletionAt() != null)
                .ifPresent(
                        p -> lines.add("the deletion of the replication stayed DELETING while the other region did not "
                                + "answer, so only this side was "
                                + "deleted (LOCAL_CONFIGURATION_ONLY); the other region's record remains and "
                                + "failback deletes it first"));
        request.step(StepKey.FINAL_SYNC).filter(SyncCheck::gaveUp).ifPresent(f -> lines.add(f.summary()));
        request.step(StepKey.STORAGE_CLASS)
                .filter(s -> s.action() != null && s.action().recreated())
                .ifPresent(s -> lines.add(s.summary()));
        request.step(StepKey.PREFLIGHT).filter(p -> !p.ok()).ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.CLEANUP)
                .filter(c -> c.action() == CleanupAction.DELETED_STALE)
                .ifPresent(c -> lines.add(c.summary()));
        request.step(StepKey.PRECONDITIONS)
                .filter(p -> p.splitBrainWriteSeconds() != null)
                .ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.STOP_PRIMARY)
                .filter(s -> s.scaled() > 0 && !request.run().dryRun())
                .ifPresent(s -> lines.add(
                        "the primary's workloads were found running and were scaled down first; anything they wrote "
                                + "while the DR side "
                                + "was active is replaced by the DR data: " + s.summary()));
        request.step(StepKey.ASSESS)
                .filter(a -> !a.withinRpo())
                .ifPresent(a -> lines.add("the data-loss window exceeded the plan's RPO: " + a.summary()));
        request.step(StepKey.PROMOTION)
                .filter(p -> p.promoted() && p.lostAndFound() != null)
                .ifPresent(p -> lines.add("look for " + p.lostAndFound() + " in the root of "
                        + destination(request).fileSystemId()));
        standbyHeld(request).ifPresent(lines::add);
        for (StepKey<?> key : StepKey.ALL) {
            request.step(key)
                    .filter(r -> r instanceof Poll.Polled p && p.restartedAfterRedrive() != null)
                    .map(r -> (Poll.Polled) r)
                    .ifPresent(p -> lines.add("redrive " + p.restartedAfterRedrive() + " restarted the bound of a "
                            + "wait that had run out (" + key.json() + "): " + p.summary()));
        }
        return lines;
    }

    /**
     * The DR workloads a return to standby held at 0 while DR is unprotected (see
     * {@link StandbyHold}), as the standby wait or the scale step names them.
     */
    static Optional<String> standbyHeld(NotifyRequest request) {
        Optional<List<String>> held =
                request.step(StepKey.STANDBY_READY).map(ReadinessCheck::held).filter(h -> !h.isEmpty());
        if (held.isPresent()) {
            return Optional.of("DR is unprotected, so the return to standby held "
                    + held.get().size() + " workload(s) at 0 (two regions must not be able to write): "
                    + String.join("; ", held.get().stream().limit(10).toList())
                    + (held.get().size() > 10 ? "; and " + (held.get().size() - 10) + " more" : ""));
        }
        return request.step(StepKey.STANDBY)
                .filter(s -> s.summary() != null && s.summary().contains(StandbyHold.REASON))
                .map(s -> "DR is unprotected, so the return to standby held workloads at 0: " + s.summary());
    }

    /**
     * The claims the volume preflight found created after the last sync: a heading ("No data in
     * DR: ...") and one line per claim; empty when there are none.
     */
    static List<String> noDataInDr(NotifyRequest request) {
        Optional<PreflightResult> preflight = request.step(StepKey.PREFLIGHT)
                .filter(p -> p.newClaims() != null && !p.newClaims().isEmpty());
        if (preflight.isEmpty()) {
            return List.of();
        }
        List<NewClaim> listed = preflight.get().newClaims();
        int count = Math.max(preflight.get().newClaimCount(), listed.size());
        List<String> lines = new ArrayList<>();
        lines.add(
                "No data in DR: " + count + " claim(s) were created after the last completed sync, so their volumes in "
                        + request.plan().dr().region()
                        + " hold nothing written on the primary; restore them from a backup if needed");
        for (NewClaim claim : listed) {
            lines.add(claim.claim() + " (created " + claim.createdAt() + ", " + claim.ageSeconds()
                    + " s old at the preflight)");
        }
        if (count > listed.size()) {
            lines.add("and " + (count - listed.size()) + " more");
        }
        return lines;
    }

    private static List<String> nextSteps(NotifyRequest request, String event) {
        List<String> lines = new ArrayList<>();
        switch (event) {
            case "NOT_APPROVED" ->
                lines.add("If the " + request.run().workflow() + " is still needed, start it again (by hand, "
                        + "or it starts at the next alarm state change once approved in time).");
            case "HOOK_ABORTED" -> lines.addAll(hookAbortedNextSteps(request));
            case "STARTED" ->
                lines.add("Watch the execution " + request.run().executionName()
                        + " in the Step Functions console; a completion or failure notice follows.");
            case "COMPLETE" -> {
                if (request.run().dryRun()) {
                    lines.add("Fix anything listed above before a real failover; then this plan is ready.");
                } else if (isFailback(request)) {
                    lines.add("Point clients back at "
                            + request.plan().primary().region() + " if DNS or routing does not do it for you.");
                    lines.add("The plan is protected again: a new failover can run when needed.");
                } else {
                    lines.add("Point clients at " + request.plan().dr().region()
                            + " if DNS or routing does not do it for you.");
                    lines.add("When " + request.plan().primary().region()
                            + " is healthy again, run the failback workflow by hand.");
                }
            }
            default -> {
                refusingSafetyRule(request)
                        .ifPresent(rule -> lines.add("Traffic was NOT switched: ARC safety rule " + rule
                                + " refused the change of the routing controls. That is a refusal, not an outage "
                                + "(every cluster endpoint enforces the rule, so no other endpoint was tried): open "
                                + "the rule's gating controls or wait out its wait period, or override the rule by "
                                + "hand (UpdateRoutingControlStates with SafetyRulesToOverride), then redrive."));
                lines.add("Read the error above and fix its cause (permissions, an unreachable API, a wrong plan "
                        + "value).");
                lines.add("Then redrive the failed execution from the Step Functions console, or start a new one with "
                        + "the same input: "
                        + "every step is idempotent and resumes from where the world is.");
                if (writesStopped(request)) {
                    lines.add("The application is down until this is resolved: redrive soon, or, to serve from DR "
                            + "meanwhile, scale the DR "
                            + "workloads back to their active replicas (the DR file system is still writable "
                            + "until the primary is promoted).");
                } else if (promoted(request)) {
                    lines.add(
                            isFailback(request)
                                    ? "The primary file system is writable now: do not start the DR workloads above "
                                            + "their standby replicas."
                                    : "The DR file system is writable now: do not start the old primary's workloads.");
                }
            }
        }
        return lines;
    }

    private String machineBlock(NotifyRequest request, String event, Figures figures) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("workflow", request.run().workflow());
        node.put("event", event);
        node.put("execution", request.run().executionName());
        node.put("dryRun", request.run().dryRun());
        node.put("primaryRegion", request.plan().primary().region());
        node.put("drRegion", request.plan().dr().region());
        if (figures.rtoSeconds() != null) {
            node.put("rtoSeconds", figures.rtoSeconds());
        }
        if (figures.dataLossWindowSeconds() != null) {
            node.put("dataLossWindowSeconds", figures.dataLossWindowSeconds());
        }
        if (figures.mode() != null) {
            node.put("mode", figures.mode());
            node.put("dataLossProven", figures.dataLossProven());
        }
        if (figures.drUnprotectedSince() != null) {
            node.put("drUnprotectedSince", figures.drUnprotectedSince().toString());
        }
        if (figures.writeStopSeconds() != null) {
            node.put("writeStopSeconds", figures.writeStopSeconds());
        }
        if (request.failedState() != null) {
            node.put("failedState", request.failedState());
            node.put("error", request.error() == null ? null : request.error().error());
            node.put("errorMessage", errorMessage(request));
            refusingSafetyRule(request).ifPresent(rule -> node.put("trafficRefusedBySafetyRule", rule));
        }
        ArrayNode hookNodes = node.putArray("hooks");
        request.step(StepKey.HOOKS).map(HookRecord::results).orElse(List.of()).forEach(h -> {
            ObjectNode hook = hookNodes.addObject();
            hook.put("at", h.at());
            hook.put("target", h.target());
            if (h.wave() != null) {
                hook.put("wave", h.wave());
            }
            hook.put("status", h.status().json());
            hook.put("durationMs", h.durationMs());
        });
        ObjectNode durations = node.putObject("stepSeconds");
        stepSeconds(request.steps()).forEach(durations::put);
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    /** The ARN of the ARC safety rule that refused the run's traffic switch, when that is how it failed. */
    static Optional<String> refusingSafetyRule(NotifyRequest request) {
        if (request.error() == null
                || request.error().error() == null
                || !request.error().error().endsWith(TrafficRefusedException.class.getSimpleName())) {
            return Optional.empty();
        }
        return TrafficRefusedException.safetyRuleIn(errorMessage(request));
    }

    /** The outcome of a failover that ended at the abort path of an unproven final sync. */
    private static String finalSyncUnprovenOutcome(NotifyRequest request) {
        DrPlan plan = request.plan();
        return "Outcome: the failover ended without promoting: no sync later than the moment the primary's "
                + "writers stopped reached " + plan.dr().fileSystemId()
                + " within the final-sync bound, and the plan's onUnprovenSync is abort ("
                + request.error().cause() + "). " + plan.application() + " stays in "
                + plan.primary().region() + ". " + primaryGivenBack(request) + " "
                + plan.dr().fileSystemId() + " is still a read-only replica.";
    }

    /**
     * The failover ended at the abort path of an unproven final sync (plan {@code onUnprovenSync:
     * abort}), not at a person's answer.
     */
    static boolean finalSyncUnproven(NotifyRequest request) {
        return request.error() != null
                && FINAL_SYNC_UNPROVEN.equals(request.error().error());
    }

    /** The error the failover's "Final Sync Unproven" state records. */
    static final String FINAL_SYNC_UNPROVEN = "FinalSyncUnproven";

    /** The human part of a caught Lambda error: its {@code errorMessage} when the cause is JSON. */
    static String errorMessage(NotifyRequest request) {
        if (request.error() == null) {
            return "unknown error";
        }
        String cause = request.error().cause();
        if (cause != null && cause.trim().startsWith("{")) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(cause);
                if (parsed.hasNonNull("errorMessage")) {
                    return request.error().error() + ": "
                            + parsed.get("errorMessage").asText();
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: use it as text
            }
        }
        return request.error().error() + (cause == null ? "" : ": " + cause);
    }

    /** A failback that stopped the DR writers but has not got the primary serving yet. */
    static boolean writesStopped(NotifyRequest request) {
        return isFailback(request)
                && !request.run().dryRun()
                && request.step(StepKey.STOP_DR).isPresent()
                && request.step(StepKey.RESUME_DR).isEmpty()
                && !request.step(StepKey.READINESS).map(ReadinessCheck::ready).orElse(false);
    }

    /** Whether this failover put its write fence on the primary and has not taken it off. */
    static boolean primaryFenced(NotifyRequest request) {
        return !isFailback(request)
                && !request.run().dryRun()
                && request.step(StepKey.WRITE_FENCE)
                        .map(f -> f.changedAt() != null && f.action() == FenceAction.FENCE
                                || f.action() == FenceAction.UNFENCE && !f.propagated())
                        .orElse(false);
    }

    /** What a failover that ends unpromoted left of the primary, and how to give it back when it did not. */
    private static String primaryGivenBack(NotifyRequest request) {
        DrPlan plan = request.plan();
        Optional<FenceCheck> fence = request.step(StepKey.WRITE_FENCE);
        if (fence.isEmpty() || fence.get().changedAt() == null && fence.get().action() == FenceAction.FENCE) {
            return "Nothing was changed: " + plan.application() + " stays in "
                    + plan.primary().region() + ".";
        }
        if (request.step(StepKey.RESUME_PRIMARY).isPresent()) {
            return "The primary's workloads had been stopped and "
                    + plan.primary().fileSystemId()
                    + " write-fenced; the fence was removed (" + fence.get().summary()
                    + ") and the workloads were scaled back up after that: " + plan.application()
                    + " serves from " + plan.primary().region() + " again.";
        }
        return fencedPrimary(request);
    }

    /** The primary stopped and write-fenced, and how to undo the fence by hand. */
    static String fencedPrimary(NotifyRequest request) {
        DrPlan plan = request.plan();
        String fs = plan.primary().fileSystemId();
        String region = plan.primary().region();
        return "THE PRIMARY IS STOPPED AND WRITE-FENCED: " + plan.application() + "'s workloads in "
                + plan.primary().clusterName() + " are at zero and " + fs + " carries a file system policy that "
                + "denies ClientWrite (statement " + WriteFence.FENCE_SID + "). To give the primary back by hand: "
                + "`aws efs describe-file-system-policy --file-system-id " + fs + " --region " + region
                + "`; remove the statements " + WriteFence.FENCE_SID + " and " + WriteFence.DEFAULT_ACCESS_SID
                + " and, if the operator's own statements remain, `aws efs put-file-system-policy --file-system-id "
                + fs + " --region " + region + " --policy file://policy.json` with them, otherwise "
                + "`aws efs delete-file-system-policy --file-system-id " + fs + " --region " + region
                + "`; then wait " + plan.timeouts().fencePropagationSeconds()
                + " s (timeouts.fencePropagationSeconds: a pod that mounts before the removal has "
                + "propagated stays refused writes until it is re-created) before scaling the workloads back up.";
    }

    static boolean promoted(NotifyRequest request) {
        return request.step(StepKey.PROMOTION).map(PromotionCheck::promoted).orElse(false)
                && !request.run().dryRun();
    }

    /** Every hook call of the run, one line each. */
    static List<String> hookLines(NotifyRequest request) {
        return request.step(StepKey.HOOKS).map(HookRecord::results).orElse(List.of()).stream()
                .map(HookResult::describe)
                .toList();
    }

    private static Optional<HookResult> abortedBy(NotifyRequest request) {
        return request.step(StepKey.HOOKS).filter(HookRecord::aborted).map(HookRecord::abortedBy);
    }

    private static String abortedPoint(NotifyRequest request) {
        return abortedBy(request).map(HookResult::at).orElse("an unknown point");
    }

    /** Whether the hook that stopped the run ran before the workflow's point of no return (its promotion). */
    static boolean beforePointOfNoReturn(NotifyRequest request) {
        return abortedBy(request)
                .flatMap(h -> HookPoint.of(h.at()))
                .map(HookPoint::beforePointOfNoReturn)
                .orElse(false);
    }

    /** What a hook's abort left: nothing promoted before the point of no return; after it, the world as it is. */
    private static String hookAbortedOutcome(NotifyRequest request) {
        DrPlan plan = request.plan();
        String hook = abortedBy(request).map(HookResult::describe).orElse("a hook failed");
        StringBuilder text = new StringBuilder("Outcome: the " + request.run().workflow()
                + " was stopped by a hook with onFailure abort: " + hook + ".");
        if (beforePointOfNoReturn(request)) {
            text.append(
                    isFailback(request)
                            ? "\nNothing was promoted: the DR workloads were not stopped and still serve from "
                                    + plan.dr().region() + " on " + plan.dr().fileSystemId()
                                    + " (writable); the primary file system "
                                    + plan.primary().fileSystemId()
                                    + " stays a read-only replication destination of it."
                            : "\nNothing was promoted: the primary's workloads were not fenced (fencing comes after "
                                    + "this hook) and " + plan.application() + " stays in "
                                    + plan.primary().region()
                                    + " on " + plan.primary().fileSystemId() + ", still replicated to "
                                    + plan.dr().fileSystemId() + " (read-only) in "
                                    + plan.dr().region() + ".");
            return text.toString();
        }
        Site destination = destination(request);
        text.append("\nThe run stopped AFTER the point of no return: ")
                .append(
                        promoted(request)
                                ? "the " + (isFailback(request) ? "primary" : "DR") + " file system "
                                        + destination.fileSystemId() + " in " + destination.region()
                                        + " IS PROMOTED (writable) and no longer replicated to."
                                : "the promotion of " + destination.fileSystemId() + " is not confirmed.");
        request.step(StepKey.SCALE)
                .ifPresent(s -> text.append("\nWorkloads in ")
                        .append(destination.region())
                        .append(": ")
                        .append(s.summary()));
        request.step(StepKey.READINESS)
                .ifPresent(r -> text.append("\nLast readiness check: ").append(r.summary()));
        if (request.step(StepKey.SCALE).isEmpty()) {
            text.append("\nNo workload was scaled up in ")
                    .append(destination.region())
                    .append(" yet.");
        }
        if (writesStopped(request)) {
            text.append("\nWRITES ARE STOPPED: the DR workloads are at zero and the primary is not serving yet.");
        }
        return text.toString();
    }

    private static List<String> hookAbortedNextSteps(NotifyRequest request) {
        String workflow = request.run().workflow();
        if (beforePointOfNoReturn(request)) {
            return List.of(
                    "Read the hook's answer above and fix what it reports.",
                    "Then start the " + workflow + " again: this execution ended at its Fail state (a redrive "
                            + "does not resume it), and nothing was changed that a new run has to undo.");
        }
        Site destination = destination(request);
        return List.of(
                "Read the hook's answer above: it was called after the point of no return, so the "
                        + destination.region() + " side is already writable.",
                "Finish by hand: scale the remaining workloads in " + destination.region()
                        + " to their active replicas, check them, and record " + destination.region()
                        + " as the active region; or fix the cause and start a new " + workflow
                        + " execution with the same input (every step resumes from where the world is; this "
                        + "execution ended at its Fail state, so a redrive does not resume it).",
                isFailback(request)
                        ? "Do not start the DR workloads above their standby replicas: the primary file system is "
                                + "writable now."
                        : "Do not start the old primary's workloads: the DR file system is writable now.");
    }

    private static String nullToUnknown(String value) {
        return value == null ? "an unknown step" : value;
    }
}
