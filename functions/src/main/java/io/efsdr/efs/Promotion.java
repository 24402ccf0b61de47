package io.efsdr.efs;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.StopRecheck;
import io.efsdr.plan.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/**
 * Makes a site's file system writable: assess the replication, delete it from that site's region
 * with the source id, and wait until the region records no replication and the file system is
 * writable. The failover promotes the DR site, the failback the primary. Every method can run
 * again with the same result.
 */
public final class Promotion {
    private final EfsApi fileSystems;
    private final Clock clock;
    private final StopRecheck primaryRecheck;
    private final WriteMetrics writeMetrics;

    public Promotion(EfsApi fileSystems, Clock clock) {
        this(fileSystems, clock, null, null);
    }

    public Promotion(EfsApi fileSystems, Clock clock, StopRecheck primaryRecheck) {
        this(fileSystems, clock, primaryRecheck, null);
    }

    /**
     * @param primaryRecheck re-reads the failover's stopped primary just before the delete; null: no
     *     recheck (a promotion that follows no stop)
     * @param writeMetrics reads the primary file system's CloudWatch metrics during that recheck; null:
     *     not read
     */
    public Promotion(EfsApi fileSystems, Clock clock, StopRecheck primaryRecheck, WriteMetrics writeMetrics) {
        this.fileSystems = fileSystems;
        this.clock = clock;
        this.primaryRecheck = primaryRecheck;
        this.writeMetrics = writeMetrics;
    }

    /**
     * As {@link #assess(DrPlan, Supplier)}, with whether {@code run} waits for a person before
     * promotion and why ({@link FailoverApproval}): the rule "Approval Needed?" reads.
     */
    public ReplicationAssessment assess(DrPlan plan, RunContext run, Supplier<Optional<Instant>> drUnprotectedSince) {
        return assess(plan, drUnprotectedSince).forRun(run);
    }

    /** Reads the replication in the DR region and measures the data-loss window. */
    public ReplicationAssessment assess(DrPlan plan) {
        return assess(plan, Optional::empty);
    }

    /**
     * As {@link #assess(DrPlan)}; {@code drUnprotectedSince} (since when DR has not been protected, as
     * the active-region record says: a failback whose re-protection gave up wrote it) is read only
     * when no replication into DR is recorded.
     */
    public ReplicationAssessment assess(DrPlan plan, Supplier<Optional<Instant>> drUnprotectedSince) {
        Instant started = clock.instant();
        String region = plan.dr().region();
        String drFs = plan.dr().fileSystemId();
        Optional<ReplicationView> view =
                replicationInto(plan.dr(), plan.primary(), fileSystems.replications(region, drFs));
        ReplicationOverwriteProtection protection = fileSystems.protection(region, drFs);
        Instant now = clock.instant();
        if (view.isEmpty()) {
            Instant unprotectedSince = drUnprotectedSince.get().orElse(null);
            if (unprotectedSince != null) {
                return ReplicationAssessment.unprotected(
                        drFs,
                        protection,
                        unprotectedSince,
                        "DR NOT PROTECTED: no replication into " + drFs + " since " + unprotectedSince
                                + " (the failback's re-protection gave up then); its protection is " + protection
                                + (protection == ReplicationOverwriteProtection.ENABLED
                                        ? ""
                                        : ", set to ENABLED at promotion")
                                + "; the data-loss window is unknown and unproven: everything the primary wrote"
                                + " since then may be lost; there is no sync to wait for",
                        started,
                        clock.instant());
            }
            boolean writable = protection == ReplicationOverwriteProtection.ENABLED;
            String summary = writable
                    ? "no replication recorded for " + drFs
                            + " and it is writable: already promoted (a re-run); the data-loss window was measured by "
                            + "the first run"
                    : "no replication recorded for " + drFs + " but its protection is " + protection
                            + ": it is set to ENABLED at promotion";
            return ReplicationAssessment.noReplication(drFs, protection, writable, summary, started, now);
        }
        ReplicationView replication = view.get();
        Long window = replication.lastReplicatedAt() == null
                ? null
                : Math.max(
                        0, Duration.between(replication.lastReplicatedAt(), now).toSeconds());
        boolean withinRpo = window != null && window <= plan.rpoSeconds();
        StringBuilder summary = new StringBuilder()
                .append("replication ")
                .append(replication.sourceFileSystemId())
                .append(" (")
                .append(replication.sourceRegion())
                .append(") -> ")
                .append(drFs)
                .append(" is ")
                .append(replication.status());
        if (replication.statusMessage() != null) {
            summary.append(" (").append(replication.statusMessage()).append(")");
        }
        if (window == null) {
            summary.append("; no sync has completed yet: everything on the primary may be lost");
        } else {
            summary.append("; last sync ")
                    .append(replication.lastReplicatedAt())
                    .append(": changes of the last ")
                    .append(window)
                    .append(" s may be lost (RPO ")
                    .append(plan.rpoSeconds())
                    .append(" s")
                    .append(withinRpo ? ", met)" : ", EXCEEDED)");
        }
        return ReplicationAssessment.of(
                drFs, replication, protection, window, withinRpo, summary.toString(), started, clock.instant());
    }

    /**
     * Makes {@code target}'s file system writable by deleting the replication that has it as
     * destination, from {@code target}'s region with the other site's (source) id.
     * ALL_CONFIGURATIONS first; only when that fails and the source region is confirmed unreachable,
     * LOCAL_CONFIGURATION_ONLY, which leaves the source side's record for failback to clean up.
     *
     * @param writersStoppedAt when the other side was seen with no pod left (null: not seen)
     * @param finalSync the wait for a sync later than that moment, or null when none ran
     */
    public PromotionResult promote(
            DrPlan plan, RunContext run, Target target, Instant writersStoppedAt, SyncCheck finalSync) {
        return promote(plan, run, target, writersStoppedAt, finalSync, null, false, null);
    }

    /**
     * As {@link #promote(DrPlan, RunContext, Target, Instant, SyncCheck)}, and in a graceful failover
     * whose primary was seen stopped ({@code stopFingerprint}), re-reads the primary's workloads
     * immediately before the delete, in the same invocation, so whatever path led here (a final sync,
     * an approval hours later, a redrive) the delete never leans on a stop that no longer holds.
     * A change since the stop withholds the delete: {@link PrimaryRecheckOutcome#CHANGED} the first
     * time (the state machine stops the primary again and waits for a new final sync), {@link
     * PrimaryRecheckOutcome#UNPROVEN} after that one re-stop ({@code restopped}). Whatever the
     * proof, nothing is deleted while a primary pod that can write exists; a pod created after the
     * write fence took effect ({@code fencePropagatedAt}, null when none) cannot, and does not count.
     * The same re-read asks CloudWatch for the primary file system's writes since the stop ({@link
     * MetricEvidence}, one bounded call, best effort): writes seen there make the window unproven as a
     * second change does ({@link PrimaryRecheckOutcome#UNPROVEN}); no datapoint, a failure or a
     * throttle is no evidence and changes nothing.
     */
    public PromotionResult promote(
            DrPlan plan,
            RunContext run,
            Target target,
            Instant writersStoppedAt,
            SyncCheck finalSync,
            String stopFingerprint,
            boolean restopped,
            Instant fencePropagatedAt) {
        Instant started = clock.instant();
        Site destination = plan.site(target);
        Site source = plan.site(target == Target.DR ? Target.PRIMARY : Target.DR);
        String region = destination.region();
        String pair = source.fileSystemId() + " -> " + destination.fileSystemId();
        Optional<ReplicationView> view =
                replicationInto(destination, source, fileSystems.replications(region, destination.fileSystemId()));
        if (view.isEmpty()
                && !run.dryRun()
                && fileSystems.protection(region, destination.fileSystemId())
                        == ReplicationOverwriteProtection.DISABLED) {
            // No replication, protection DISABLED: read-only, and nothing will ever make it writable
            // (a failback's re-protection that gave up half-way). EFS API reference,
            // UpdateFileSystemProtection: ENABLED makes a file system that is no destination writable.
            fileSystems.enableProtection(region, destination.fileSystemId());
            return new PromotionResult(
                    PromotionAction.PROTECTION_ENABLED,
                    null,
                    region + " records no replication into " + destination.fileSystemId()
                            + ", whose overwrite protection was DISABLED (read-only): set it to ENABLED (writable);"
                            + " the data-loss window is unknown and unproven (nothing replicated into it since the"
                            + " last replication ended)",
                    started,
                    clock.instant(),
                    run.mode(),
                    null,
                    writersStoppedAt,
                    null,
                    false);
        }
        if (view.isEmpty()) {
            return new PromotionResult(
                    PromotionAction.ALREADY_PROMOTED,
                    null,
                    region + " records no replication into " + destination.fileSystemId()
                            + ": nothing to delete (the data-loss window "
                            + "was measured by the run that promoted it)",
                    started,
                    clock.instant(),
                    run.mode(),
                    null,
                    writersStoppedAt,
                    null,
                    false);
        }
        DataLoss loss = DataLoss.measure(
                run.mode(), view.get().lastReplicatedAt(), writersStoppedAt, finalSync, started, fencePropagatedAt);
        if (view.get().status() == ReplicationStatus.DELETING) {
            return loss.result(
                    PromotionAction.ALREADY_DELETING,
                    null,
                    "replication " + pair + " is already being deleted",
                    started,
                    clock.instant());
        }
        PrimaryRecheckOutcome recheck = PrimaryRecheckOutcome.NOT_CHECKED;
        MetricEvidence metrics = MetricEvidence.notChecked(
                "not read: not a graceful failover whose primary was " + "seen stopped, or a dry run");
        String found = null;
        // The failback promotes the primary after stopping DR: DR is the side re-read then (issue 20,
        // a world generator's finding: an Argo CD the orchestrator cannot see scaled DR back up after
        // the quiesce's hold, and DR wrote while the primary was being promoted).
        boolean failback = target == Target.PRIMARY;
        String stoppedSide = failback ? "DR" : "the primary";
        if (!run.dryRun()
                && primaryRecheck != null
                && stopFingerprint != null
                && writersStoppedAt != null
                && (failback || run.mode() == FailoverMode.GRACEFUL)) {
            // A pod created after the fence took effect cannot write only while that fence is still
            // on: a give-back (an approval that timed out, "Resume Primary Workloads") removes it, and
            // a redrive may come back here with the step result of the fence it removed (a world
            // generator's finding, seed 1088: DR was promoted while the resumed primary wrote). So the
            // file system's policy is read now; without the fence every pod counts.
            Instant fenceInForce = fencePropagatedAt != null && new WriteFence(fileSystems).isFenced(source)
                    ? fencePropagatedAt
                    : null;
            StopRecheck.Evidence evidence = primaryRecheck.recheck(
                    source,
                    plan.workloads().list(),
                    plan.kubernetesConcurrency(),
                    stopFingerprint,
                    writersStoppedAt,
                    fenceInForce);
            found = evidence.found();
            boolean proofAtStake = finalSync != null && finalSync.synced();
            if (evidence.changed() && proofAtStake) {
                PromotionResult withheld = loss.result(
                        PromotionAction.WITHHELD,
                        null,
                        "replication " + pair + " NOT deleted: " + stoppedSide + " changed after it was seen stopped ("
                                + found + ")"
                                + (restopped
                                        ? "; it had already been stopped again once, so the window is unproven"
                                        : "; stopping it again and waiting for a new final sync"),
                        started,
                        clock.instant());
                if (!restopped) {
                    return withheld.withRecheck(PrimaryRecheckOutcome.CHANGED, null);
                }
                return new PromotionResult(
                        withheld.action(),
                        null,
                        withheld.summary(),
                        withheld.startedAt(),
                        withheld.finishedAt(),
                        withheld.mode(),
                        withheld.lastReplicatedAt(),
                        withheld.writersStoppedAt(),
                        null,
                        false,
                        PrimaryRecheckOutcome.UNPROVEN,
                        unprovenRestop(plan, run, failback, finalSync, stoppedSide, found));
            }
            if (evidence.writers() > 0) {
                throw new UnsafeStateException("refusing to delete replication " + pair + ": "
                        + evidence.writers() + " pod(s) of the plan in "
                        + source.clusterName()
                        + " can still write to " + source.fileSystemId() + " (" + found + "); promoting now would "
                        + "leave writers in both regions. Stop what scales them back up, scale them to 0, then "
                        + "redrive");
            }
            recheck = PrimaryRecheckOutcome.UNCHANGED;
            if (!failback) {
                metrics = readMetrics(plan.primary(), writersStoppedAt);
            }
            if (metrics.writesSeen() && proofAtStake) {
                return new PromotionResult(
                        PromotionAction.WITHHELD,
                        null,
                        "replication " + pair + " NOT deleted: " + metrics.summary(),
                        started,
                        clock.instant(),
                        loss.mode(),
                        loss.lastReplicatedAt(),
                        writersStoppedAt,
                        null,
                        false,
                        PrimaryRecheckOutcome.UNPROVEN,
                        Failback.decide(plan, run, finalSync.unproven(metrics.summary())),
                        metrics);
            }
        }
        if (run.dryRun()) {
            return loss.result(
                    PromotionAction.DRY_RUN,
                    null,
                    "dry run: would delete replication " + pair + " in " + region
                            + " (ALL_CONFIGURATIONS; LOCAL_CONFIGURATION_ONLY if " + source.region()
                            + " cannot be reached)",
                    started,
                    clock.instant());
        }
        try {
            fileSystems.deleteReplication(region, source.fileSystemId(), DeletionMode.ALL_CONFIGURATIONS);
            return loss.result(
                            PromotionAction.DELETED,
                            "ALL_CONFIGURATIONS",
                            "asked EFS to delete replication " + pair + " on both sides (ALL_CONFIGURATIONS)",
                            started,
                            clock.instant())
                    .withRecheck(recheck, found)
                    .withMetricEvidence(metrics);
        } catch (DependencyUnavailableException | UnsafeStateException e) {
            if (reachable(source)) {
                throw e;
            }
            fileSystems.deleteReplication(region, source.fileSystemId(), DeletionMode.LOCAL_CONFIGURATION_ONLY);
            return loss.result(
                            PromotionAction.DELETED_LOCAL_ONLY,
                            "LOCAL_CONFIGURATION_ONLY",
                            "the region " + source.region() + " could not be reached, so only the " + region
                                    + " side of replication " + pair
                                    + " was deleted (LOCAL_CONFIGURATION_ONLY); its record in "
                                    + source.region() + " remains and failback deletes it first",
                            started,
                            clock.instant())
                    .withMetricEvidence(metrics);
        }
    }

    /**
     * The final sync, marked unproven after the stopped side changed again following its one re-stop.
     * A failover's plan decides ({@code onUnprovenSync}); a failback has no such setting: its state
     * machine asks a person ("Request Failback Approval", an unanswered request resumes DR), so the
     * sync is only marked.
     */
    private static SyncCheck unprovenRestop(
            DrPlan plan, RunContext run, boolean failback, SyncCheck finalSync, String stoppedSide, String found) {
        SyncCheck unproven = finalSync.unproven(
                stoppedSide + "'s workloads changed again after being stopped a second time (" + found + ")");
        return failback ? unproven : Failback.decide(plan, run, unproven);
    }

    /**
     * One poll of the promotion wait for {@code target}; fails once the plan's promotion timeout has
     * passed. A replication that stays DELETING for the plan's {@code localDeletionSeconds} while its
     * source region does not answer is deleted on this side with LOCAL_CONFIGURATION_ONLY: EFS may
     * accept an ALL_CONFIGURATIONS delete in a region outage and never finish it (also when an
     * earlier run or a redrive started that deletion).
     */
    public PromotionCheck checkPromoted(DrPlan plan, RunContext run, Target target, PromotionCheck previous) {
        return checkPromoted(plan, run, target, previous, 0);
    }

    /** As {@link #checkPromoted(DrPlan, RunContext, Target, PromotionCheck)} in an execution redriven {@code redriveCount} times. */
    public PromotionCheck checkPromoted(
            DrPlan plan, RunContext run, Target target, PromotionCheck previous, int redriveCount) {
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, plan.timeouts().promotionSeconds(), redriveCount);
        Site site = plan.site(target);
        Site source = plan.site(target == Target.DR ? Target.PRIMARY : Target.DR);
        String fs = site.fileSystemId();
        Instant localDeletionAt = previous == null ? null : previous.localDeletionAt();
        if (run.dryRun()) {
            return new PromotionCheck(
                    true,
                    "DRY_RUN",
                    null,
                    poll.number(),
                    poll.deadline(),
                    null,
                    "dry run: would wait up to " + plan.timeouts().promotionSeconds() + " s for " + fs
                            + " to become writable",
                    poll.first(),
                    now,
                    null,
                    poll.redrives(),
                    poll.restartedAfterRedrive());
        }
        List<ReplicationView> views = fileSystems.replications(site.region(), fs);
        ReplicationOverwriteProtection protection = fileSystems.protection(site.region(), fs);
        String status = views.isEmpty() ? "NONE" : views.get(0).status().toString();
        boolean promoted = views.isEmpty() && protection == ReplicationOverwriteProtection.ENABLED;
        Instant finished = clock.instant();
        if (promoted) {
            String lostAndFound = "efs-replication-lost+found-" + source.fileSystemId() + "-<timestamp>";
            return new PromotionCheck(
                    true,
                    status,
                    protection,
                    poll.number(),
                    poll.deadline(),
                    lostAndFound,
                    fs + " is writable after "
                            + Duration.between(poll.first(), finished).toSeconds() + " s (" + poll.number()
                            + " checks)"
                            + poll.restartNote()
                            + (localDeletionAt == null
                                    ? ""
                                    : ", after deleting only the " + site.region()
                                            + " side (LOCAL_CONFIGURATION_ONLY) since " + source.region()
                                            + " did not answer")
                            + "; if EFS made a directory " + lostAndFound
                            + " in its root, it holds files that were not replicated: review it",
                    poll.first(),
                    finished,
                    localDeletionAt,
                    poll.redrives(),
                    poll.restartedAfterRedrive());
        }
        long deletingFor = Duration.between(poll.first(), finished).toSeconds();
        if (ReplicationStatus.DELETING.toString().equals(status)
                && localDeletionAt == null
                && deletingFor >= plan.timeouts().localDeletionSeconds()
                && !reachable(source)) {
            fileSystems.deleteReplication(site.region(), source.fileSystemId(), DeletionMode.LOCAL_CONFIGURATION_ONLY);
            localDeletionAt = clock.instant();
            return new PromotionCheck(
                    false,
                    status,
                    protection,
                    poll.number(),
                    poll.deadline(),
                    null,
                    "replication " + source.fileSystemId() + " -> " + fs + " stayed DELETING for " + deletingFor
                            + " s while "
                            + source.region() + " does not answer: deleted the " + site.region()
                            + " side only (LOCAL_CONFIGURATION_ONLY); "
                            + "its record in " + source.region() + " remains and failback deletes it first",
                    poll.first(),
                    localDeletionAt,
                    localDeletionAt,
                    poll.redrives(),
                    poll.restartedAfterRedrive());
        }
        if (finished.isAfter(poll.deadline())) {
            throw new StepTimeoutException(
                    fs + " is still not writable after " + plan.timeouts().promotionSeconds()
                            + " s" + poll.restartNote() + " (replication " + status + ", protection " + protection
                            + "): check the replication in the EFS console of "
                            + site.region() + ", then redrive");
        }
        return new PromotionCheck(
                false,
                status,
                protection,
                poll.number(),
                poll.deadline(),
                null,
                "waiting for " + fs + " to become writable: replication " + status + ", protection " + protection
                        + poll.restartNote(),
                poll.first(),
                finished,
                localDeletionAt,
                poll.redrives(),
                poll.restartedAfterRedrive());
    }

    /**
     * The primary file system's metrics since its writers stopped: one call, its failure no evidence.
     * Periods are asked from the stop rounded up to a whole minute to now rounded up, so none that
     * began before the stop is read.
     */
    private MetricEvidence readMetrics(Site primary, Instant writersStoppedAt) {
        if (writeMetrics == null) {
            return MetricEvidence.notChecked("not read: no metrics reader");
        }
        Instant from = MetricEvidence.firstPeriod(writersStoppedAt);
        Instant to = MetricEvidence.lastPeriodEnd(clock.instant());
        if (!from.isBefore(to)) {
            return MetricEvidence.judge(
                    primary.fileSystemId(),
                    writersStoppedAt,
                    from,
                    from,
                    new WriteMetrics.Periods(List.of(), List.of()));
        }
        try {
            return MetricEvidence.judge(
                    primary.fileSystemId(),
                    writersStoppedAt,
                    from,
                    to,
                    writeMetrics.read(primary.region(), primary.fileSystemId(), from, to));
        } catch (RuntimeException e) {
            return MetricEvidence.unavailable(
                    writersStoppedAt, from, to, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Whether a site's region answers EFS for its file system within the call bound. */
    public boolean reachable(Site site) {
        try {
            return fileSystems.exists(site.region(), site.fileSystemId());
        } catch (DependencyUnavailableException e) {
            return false;
        }
    }

    /**
     * The replication source -> destination among what the destination region records; refuses a
     * configuration that involves the destination file system in any other way, since acting on it
     * could destroy data.
     */
    private static Optional<ReplicationView> replicationInto(
            Site destination, Site source, List<ReplicationView> views) {
        for (ReplicationView view : views) {
            if (view.sourceFileSystemId().equals(source.fileSystemId())
                    && view.destinationFileSystemId().equals(destination.fileSystemId())) {
                return Optional.of(view);
            }
            throw new UnsafeStateException(destination.region() + " records replication " + view.sourceFileSystemId()
                    + " -> "
                    + view.destinationFileSystemId() + " (" + view.status() + "), not " + source.fileSystemId() + " -> "
                    + destination.fileSystemId() + ": refusing to promote");
        }
        return Optional.empty();
    }
}
