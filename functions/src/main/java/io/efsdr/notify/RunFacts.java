package io.efsdr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.efs.FenceAction;
import io.efsdr.efs.MetricEvidence;
import io.efsdr.efs.MetricEvidenceOutcome;
import io.efsdr.efs.PromotionAction;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.ReplicationAssessment;
import io.efsdr.error.TrafficRefusedException;
import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.plan.HookPoint;
import io.efsdr.plan.Site;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts and decisions a notification, the audit record and the run report read from a run:
 * where it goes, whether it promoted, stopped the writers or fenced the primary, where a hook
 * stopped it, why it failed. No wording here: the text classes phrase these facts.
 */
final class RunFacts {
    private RunFacts() {}

    /**
     * The figures a finished run reports: RTO, the write stop of a failback, the data-loss window
     * (the promotion's measurement once the promote step ran, the assessment's estimate before), the
     * mode and whether the window is proven 0.
     */
    static NotificationComposer.Figures figures(NotifyRequest request) {
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
        return new NotificationComposer.Figures(rto, window, lastSync, writeStop, mode, proven, unprotectedSince);
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

    static boolean promoted(NotifyRequest request) {
        return request.step(StepKey.PROMOTION).map(PromotionCheck::promoted).orElse(false)
                && !request.run().dryRun();
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

    static Optional<HookResult> abortedBy(NotifyRequest request) {
        return request.step(StepKey.HOOKS).filter(HookRecord::aborted).map(HookRecord::abortedBy);
    }

    static String abortedPoint(NotifyRequest request) {
        return abortedBy(request).map(HookResult::at).orElse("an unknown point");
    }

    /** Whether the hook that stopped the run ran before the workflow's point of no return (its promotion). */
    static boolean beforePointOfNoReturn(NotifyRequest request) {
        return abortedBy(request)
                .flatMap(h -> HookPoint.of(h.at()))
                .map(HookPoint::beforePointOfNoReturn)
                .orElse(false);
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

    /** The ARN of the ARC safety rule that refused the run's traffic switch, when that is how it failed. */
    static Optional<String> refusingSafetyRule(NotifyRequest request) {
        if (request.error() == null
                || request.error().error() == null
                || !request.error().error().endsWith(TrafficRefusedException.class.getSimpleName())) {
            return Optional.empty();
        }
        return TrafficRefusedException.safetyRuleIn(errorMessage(request));
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
}
