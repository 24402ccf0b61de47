package io.efsdr.efs;

import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * What the promote step did to the replication configuration, and what the promotion cost.
 *
 * @param deletionMode the EFS deletion mode used, or null when nothing was deleted
 * @param mode the mode that ran: graceful only when the writers were proven stopped before it
 * @param lastReplicatedAt the replication's last sync when it was deleted: every change on the
 *     other side before it is on this file system
 * @param writersStoppedAt when the other side was seen with no pod left, or null when that was not
 *     seen (its region did not answer)
 * @param dataLossWindowSeconds how much of the other side's writing may be lost, in seconds
 *     (rounded up); null when it cannot be measured here (no completed sync, or an earlier run
 *     already promoted)
 * @param dataLossProven whether the window is proven zero: a sync later than the writers' stop
 * @param recheck what re-reading the stopped primary just before the delete found
 * @param unprovenSync with {@link PrimaryRecheckOutcome#UNPROVEN}: the final sync, marked unproven,
 *     for the state machine to decide on as on a final sync that gave up; null otherwise
 * @param metricEvidence what the primary file system's CloudWatch metrics said about the time since
 *     its writers stopped ({@link MetricEvidence}); never null
 */
public record PromotionResult(
        PromotionAction action,
        String deletionMode,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        FailoverMode mode,
        Instant lastReplicatedAt,
        Instant writersStoppedAt,
        Long dataLossWindowSeconds,
        boolean dataLossProven,
        PrimaryRecheckOutcome recheck,
        SyncCheck unprovenSync,
        MetricEvidence metricEvidence)
        implements StepResult {
    public PromotionResult {
        if (metricEvidence == null) {
            metricEvidence = MetricEvidence.notChecked("not read: no graceful stop to check");
        }
    }

    public PromotionResult(
            PromotionAction action,
            String deletionMode,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            FailoverMode mode,
            Instant lastReplicatedAt,
            Instant writersStoppedAt,
            Long dataLossWindowSeconds,
            boolean dataLossProven,
            PrimaryRecheckOutcome recheck,
            SyncCheck unprovenSync) {
        this(
                action,
                deletionMode,
                summary,
                startedAt,
                finishedAt,
                mode,
                lastReplicatedAt,
                writersStoppedAt,
                dataLossWindowSeconds,
                dataLossProven,
                recheck,
                unprovenSync,
                null);
    }

    public PromotionResult(
            PromotionAction action,
            String deletionMode,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            FailoverMode mode,
            Instant lastReplicatedAt,
            Instant writersStoppedAt,
            Long dataLossWindowSeconds,
            boolean dataLossProven) {
        this(
                action,
                deletionMode,
                summary,
                startedAt,
                finishedAt,
                mode,
                lastReplicatedAt,
                writersStoppedAt,
                dataLossWindowSeconds,
                dataLossProven,
                PrimaryRecheckOutcome.NOT_CHECKED,
                null,
                null);
    }

    /** The same result, saying what the recheck of the primary found. */
    PromotionResult withRecheck(PrimaryRecheckOutcome outcome, String found) {
        return new PromotionResult(
                action,
                deletionMode,
                found == null ? summary : summary + "; " + found,
                startedAt,
                finishedAt,
                mode,
                lastReplicatedAt,
                writersStoppedAt,
                dataLossWindowSeconds,
                dataLossProven,
                outcome,
                null,
                metricEvidence);
    }

    /** The same result, with the metric evidence read before the delete (named in the summary). */
    PromotionResult withMetricEvidence(MetricEvidence evidence) {
        return new PromotionResult(
                action,
                deletionMode,
                evidence.outcome() == MetricEvidenceOutcome.NOT_CHECKED ? summary : summary + "; " + evidence.summary(),
                startedAt,
                finishedAt,
                mode,
                lastReplicatedAt,
                writersStoppedAt,
                dataLossWindowSeconds,
                dataLossProven,
                recheck,
                unprovenSync,
                evidence);
    }
}
