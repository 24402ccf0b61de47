package io.efsdr.efs;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadCensus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/**
 * The EFS side of returning to the primary region: check that the DR side is the active one,
 * remove what a region-down failover left behind, replicate one site onto the other's existing
 * file system, and wait for syncs newer than a given moment. Every method can run again.
 */
public final class Failback {
    private final EfsApi fileSystems;
    private final WorkloadCensus census;
    private final Clock clock;

    public Failback(EfsApi fileSystems, WorkloadCensus census, Clock clock) {
        this.fileSystems = fileSystems;
        this.census = census;
        this.clock = clock;
    }

    /**
     * The DR file system is writable and no replication targets it; the primary region and cluster
     * answer; and the primary is not already serving (its pods running while the DR side's are all
     * stopped would mean a previous failback already went past promotion: replicating DR onto it
     * now would overwrite what it wrote since).
     */
    public PreconditionResult checkPreconditions(DrPlan plan) {
        Instant started = clock.instant();
        Site dr = plan.dr();
        Site primary = plan.primary();
        for (ReplicationView view : fileSystems.replications(dr.region(), dr.fileSystemId())) {
            if (view.destinationFileSystemId().equals(dr.fileSystemId())) {
                throw new UnsafeStateException("failback needs the DR side active, but " + dr.region()
                        + " records replication " + view.sourceFileSystemId() + " -> " + dr.fileSystemId() + " ("
                        + view.status() + "): fail over first");
            }
        }
        ReplicationOverwriteProtection drProtection = fileSystems.protection(dr.region(), dr.fileSystemId());
        if (drProtection == ReplicationOverwriteProtection.DISABLED) {
            throw new UnsafeStateException(
                    dr.fileSystemId() + " has replication overwrite protection DISABLED (read-only): "
                            + "the DR side is not serving; enable it or fail over first");
        }
        try {
            fileSystems.protection(primary.region(), primary.fileSystemId());
        } catch (DependencyUnavailableException e) {
            throw new UnsafeStateException(
                    "the primary region " + primary.region() + " does not answer EFS yet: " + e.getMessage(), e);
        }
        int primaryRunning;
        try {
            primaryRunning = census.runningReplicas(primary, plan.workloads().list(), plan.kubernetesConcurrency());
        } catch (DependencyUnavailableException e) {
            throw new UnsafeStateException(
                    "the primary cluster " + primary.clusterName() + " does not answer yet: " + e.getMessage(), e);
        }
        int drRunning = census.runningReplicas(dr, plan.workloads().list(), plan.kubernetesConcurrency());
        if (drRunning == 0 && primaryRunning > 0) {
            throw new UnsafeStateException(
                    "the primary already runs " + primaryRunning + " pods while the DR side runs none: "
                            + "it looks active already, and replicating DR onto it would overwrite what it wrote; "
                            + "refusing");
        }
        String summary = "DR side active (" + dr.fileSystemId() + " writable, " + drRunning
                + " pods); primary region and cluster answer"
                + (primaryRunning > 0
                        ? "; WARNING: " + primaryRunning + " primary pods are running and will be stopped first"
                        : "");
        return new PreconditionResult(drRunning, primaryRunning, summary, started, clock.instant());
    }

    /**
     * Deletes, locally in the primary region, the record of replication primary -> DR that a
     * LOCAL_CONFIGURATION_ONLY promotion left there, and reports done once it is gone: a file system
     * can be in one configuration only, so it must be gone before DR -> primary is created. Polled
     * like the other waits, bounded by the plan's promotion timeout.
     */
    public CleanupResult cleanUpStale(DrPlan plan, RunContext run, CleanupResult previous) {
        return cleanUpStale(plan, run, previous, 0);
    }

    /**
     * As {@link #cleanUpStale(DrPlan, RunContext, CleanupResult)} in an execution redriven
     * {@code redriveCount} times: a bound that ran out before the redrive starts again, once.
     */
    public CleanupResult cleanUpStale(DrPlan plan, RunContext run, CleanupResult previous, int redriveCount) {
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, plan.timeouts().promotionSeconds(), redriveCount);
        return cleanUpStale(plan, run, previous, poll).polledAs(poll);
    }

    private CleanupResult cleanUpStale(DrPlan plan, RunContext run, CleanupResult previous, Poll poll) {
        boolean repaired = previous != null
                && previous.startedAt() != null
                && (previous.action() == CleanupAction.DELETED_STALE || previous.action() == CleanupAction.DELETING);
        Site primary = plan.primary();
        Optional<ReplicationView> stale = fileSystems.replications(primary.region(), primary.fileSystemId()).stream()
                .filter(v -> v.sourceFileSystemId().equals(primary.fileSystemId()))
                .findFirst();
        if (stale.isEmpty()) {
            return new CleanupResult(
                    true,
                    repaired ? CleanupAction.DELETED_STALE : CleanupAction.NOTHING_TO_CLEAN,
                    poll.number(),
                    poll.deadline(),
                    repaired
                            ? "repaired: deleted the stale record of replication " + primary.fileSystemId() + " -> "
                                    + plan.dr().fileSystemId() + " left in " + primary.region()
                                    + " by the region-down failover"
                            : "no stale replication recorded in " + primary.region(),
                    poll.first(),
                    clock.instant());
        }
        String pair = stale.get().sourceFileSystemId() + " -> " + stale.get().destinationFileSystemId();
        if (run.dryRun()) {
            return new CleanupResult(
                    true,
                    CleanupAction.DRY_RUN,
                    poll.number(),
                    poll.deadline(),
                    "dry run: would delete the stale record of " + "replication " + pair + " in " + primary.region()
                            + " (LOCAL_CONFIGURATION_ONLY)",
                    poll.first(),
                    clock.instant());
        }
        if (clock.instant().isAfter(poll.deadline())) {
            throw new StepTimeoutException("the stale record of replication " + pair + " in " + primary.region()
                    + " is still there after " + plan.timeouts().promotionSeconds() + " s" + poll.restartNote() + " ("
                    + stale.get().status() + ")");
        }
        if (stale.get().status() != ReplicationStatus.DELETING) {
            fileSystems.deleteReplication(
                    primary.region(), primary.fileSystemId(), DeletionMode.LOCAL_CONFIGURATION_ONLY);
        }
        return new CleanupResult(
                false,
                CleanupAction.DELETING,
                poll.number(),
                poll.deadline(),
                "deleting the stale record of replication " + pair + " left in " + primary.region()
                        + " by the region-down failover",
                poll.first(),
                clock.instant());
    }

    /**
     * Replicates {@code source}'s file system onto the other site's existing one: its overwrite
     * protection is disabled first (it becomes read-only, so its writers must be stopped before),
     * then the configuration is created in the source region. Both regions' records are read: while
     * either still records a configuration of these file systems as DELETING (each region drops its
     * record on its own schedule), or EFS answers {@code ReplicationAlreadyExists}, the step answers
     * WAITING and the state machine polls again, bounded by the plan's promotion timeout.
     */
    public ReplicationSetup replicate(DrPlan plan, RunContext run, Target source, ReplicationSetup previous) {
        return replicate(plan, run, source, previous, 0);
    }

    /**
     * As {@link #replicate(DrPlan, RunContext, Target, ReplicationSetup)} in an execution redriven
     * {@code redriveCount} times: a bound that ran out before the redrive starts again, once per
     * redrive, so a redrive of a failback whose re-protection gave up tries re-protection again
     * (without a new redrive, a given-up re-protection is refused, saying DR is not protected).
     */
    public ReplicationSetup replicate(
            DrPlan plan, RunContext run, Target source, ReplicationSetup previous, int redriveCount) {
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, plan.timeouts().promotionSeconds(), redriveCount);
        if (previous != null && previous.gaveUp() && !poll.restarted()) {
            throw new UnsafeStateException(unprotected(plan, previous)
                    + "; redrive this execution to try re-protection again once EFS accepts it");
        }
        return attempt(plan, run, source, poll, now).polledAs(poll);
    }

    private ReplicationSetup attempt(DrPlan plan, RunContext run, Target source, Poll poll, Instant now) {
        Site from = plan.site(source);
        Site to = plan.site(source == Target.DR ? Target.PRIMARY : Target.DR);
        String pair =
                from.fileSystemId() + " (" + from.region() + ") -> " + to.fileSystemId() + " (" + to.region() + ")";
        List<ReplicationView> fromRecords = fileSystems.replications(from.region(), from.fileSystemId());
        for (ReplicationView view : fromRecords) {
            if (isPair(view, from, to) && view.status() != ReplicationStatus.DELETING) {
                Instant createdAt = view.createdAt() != null ? view.createdAt() : now;
                return new ReplicationSetup(
                        true,
                        SetupAction.ALREADY_EXISTS,
                        from.fileSystemId(),
                        to.fileSystemId(),
                        createdAt,
                        poll.number(),
                        poll.deadline(),
                        "replication " + pair + " already exists (" + view.status() + ")",
                        poll.first(),
                        clock.instant());
            }
        }
        List<ReplicationView> records = new ArrayList<>(fromRecords);
        records.addAll(fileSystems.replications(to.region(), to.fileSystemId()));
        for (ReplicationView view : records) {
            if (view.status() != ReplicationStatus.DELETING) {
                throw new UnsafeStateException("a replication " + view.sourceFileSystemId() + " -> "
                        + view.destinationFileSystemId() + " (" + view.status()
                        + ") is recorded: a file system can be in one replication only; remove it, then redrive");
            }
        }
        List<String> deleting = records.stream()
                .map(v -> v.sourceFileSystemId() + " -> " + v.destinationFileSystemId() + " DELETING")
                .distinct()
                .toList();
        if (run.dryRun()) {
            return new ReplicationSetup(
                    true,
                    SetupAction.DRY_RUN,
                    from.fileSystemId(),
                    to.fileSystemId(),
                    now,
                    poll.number(),
                    poll.deadline(),
                    "dry run: would "
                            + (deleting.isEmpty() ? "" : "wait until no region records " + deleting + ", then ")
                            + "disable overwrite protection on " + to.fileSystemId() + " and create replication "
                            + pair,
                    poll.first(),
                    clock.instant());
        }
        if (!deleting.isEmpty()) {
            return waiting(plan, poll, from, to, "a region still records " + String.join(", ", deleting));
        }
        EfsApi.Creation creation;
        try {
            ReplicationOverwriteProtection protection = fileSystems.protection(to.region(), to.fileSystemId());
            if (protection != ReplicationOverwriteProtection.DISABLED) {
                fileSystems.disableProtection(to.region(), to.fileSystemId());
            }
            creation = fileSystems.createReplication(from, to);
        } catch (DependencyUnavailableException | UnsafeStateException e) {
            if (source != Target.PRIMARY) {
                throw e;
            }
            return waiting(plan, poll, from, to, "EFS refused: " + e.getMessage());
        }
        if (!creation.created()) {
            return waiting(plan, poll, from, to, "EFS answered ReplicationAlreadyExists");
        }
        Instant createdAt = creation.createdAt() != null ? creation.createdAt() : now;
        return new ReplicationSetup(
                true,
                SetupAction.CREATED,
                from.fileSystemId(),
                to.fileSystemId(),
                createdAt,
                poll.number(),
                poll.deadline(),
                "disabled overwrite protection on " + to.fileSystemId() + " (read-only now) and created replication "
                        + pair,
                poll.first(),
                clock.instant());
    }

    private ReplicationSetup waiting(DrPlan plan, Poll poll, Site from, Site to, String why) {
        Instant finished = clock.instant();
        String pair = from.fileSystemId() + " -> " + to.fileSystemId();
        if (finished.isAfter(poll.deadline()) && from.equals(plan.primary())) {
            return gaveUp(plan, poll, from, to, why);
        }
        if (finished.isAfter(poll.deadline())) {
            throw new StepTimeoutException("could not create replication " + pair + " within "
                    + plan.timeouts().promotionSeconds() + " s" + poll.restartNote() + ": " + why
                    + "; check both regions' EFS consoles, then redrive");
        }
        return new ReplicationSetup(
                false,
                SetupAction.WAITING,
                from.fileSystemId(),
                to.fileSystemId(),
                null,
                poll.number(),
                poll.deadline(),
                "waiting to create replication " + pair + ": " + why
                        + " (a file system can be in one replication only)",
                poll.first(),
                finished);
    }

    /**
     * Re-protection (primary -> DR) kept failing until its bound. The DR file system was set to
     * DISABLED for it; a DISABLED file system without a replication is read-only, and the next
     * failover would wait for it to become writable. So protection goes back to ENABLED and the
     * answer says DR is not protected: the state machine still returns DR to standby (holding warm
     * standby workloads at 0, see {@link io.efsdr.plan.StandbyHold}), records the
     * primary as active with the time re-protection gave up, and ends FAILED at this step.
     */
    private ReplicationSetup gaveUp(DrPlan plan, Poll poll, Site from, Site to, String why) {
        ReplicationOverwriteProtection protection = fileSystems.protection(to.region(), to.fileSystemId());
        if (protection == ReplicationOverwriteProtection.DISABLED) {
            fileSystems.enableProtection(to.region(), to.fileSystemId());
        }
        Instant finished = clock.instant();
        return new ReplicationSetup(
                false,
                SetupAction.GAVE_UP,
                from.fileSystemId(),
                to.fileSystemId(),
                null,
                poll.number(),
                poll.deadline(),
                "DR IS NOT PROTECTED: could not create replication " + from.fileSystemId() + " -> "
                        + to.fileSystemId() + " within " + plan.timeouts().promotionSeconds() + " s (" + why
                        + "); set the overwrite protection of " + to.fileSystemId()
                        + " back to ENABLED (writable, so a failover can use it) at " + finished
                        + "; nothing replicates into DR from now on",
                poll.first(),
                finished,
                true);
    }

    /** What an operator must know once re-protection gave up. */
    private static String unprotected(DrPlan plan, ReplicationSetup gaveUp) {
        return "DR IS NOT PROTECTED since " + gaveUp.finishedAt() + ": re-protection (replication "
                + plan.primary().fileSystemId() + " -> " + plan.dr().fileSystemId()
                + ") gave up; the DR file system's protection is ENABLED (writable, no replication), so DR's"
                + " warm-standby workloads are held at 0 instead of their standby replicas (pilot light"
                + " unchanged), and "
                + plan.primary().region()
                + " is recorded as the active region; a failover now loses everything the primary wrote since then ("
                + gaveUp.summary() + ")";
    }

    private static boolean isPair(ReplicationView view, Site from, Site to) {
        return view.sourceFileSystemId().equals(from.fileSystemId())
                && view.destinationFileSystemId().equals(to.fileSystemId());
    }

    /**
     * One poll of a sync wait on the replication from {@code source}: done when it is ENABLED and,
     * if {@code requireSync}, its last sync is later than {@code after}. Read in the DR region, the
     * one the orchestrator runs in, which records either direction. Bounded by the plan's
     * {@code syncSeconds}; a best-effort wait (a graceful failover's final sync) is bounded by
     * {@code finalSyncSeconds} (in a run an alarm started, by the smaller of it and {@code
     * alarmFinalSyncSeconds}) and, past it or when the replication cannot sync, answers {@code
     * gaveUp} instead of failing, with the {@link SyncDecision} the plan's {@code onUnprovenSync}
     * makes of it.
     */
    public SyncCheck checkSync(
            DrPlan plan,
            RunContext run,
            Target source,
            Instant after,
            boolean requireSync,
            boolean bestEffort,
            SyncCheck previous) {
        return checkSync(plan, run, source, after, requireSync, bestEffort, previous, 0);
    }

    /**
     * As {@link #checkSync(DrPlan, RunContext, Target, Instant, boolean, boolean, SyncCheck)} in an
     * execution redriven {@code redriveCount} times: a bound that ran out before the redrive starts
     * again once, and the wait says so ({@code restartedAfterRedrive}).
     */
    public SyncCheck checkSync(
            DrPlan plan,
            RunContext run,
            Target source,
            Instant after,
            boolean requireSync,
            boolean bestEffort,
            SyncCheck previous,
            int redriveCount) {
        SyncCheck check = poll(plan, run, source, after, requireSync, bestEffort, previous, redriveCount);
        return bestEffort ? decide(plan, run, check) : check;
    }

    /**
     * What a graceful failover does after this poll of its final sync: promote once synced; wait
     * within the bound; past it, {@code onUnprovenSync} decides ({@code approval}, or a run that
     * requires approval anyway, asks a person; {@code abort} never promotes; {@code promote} goes on
     * without the proof). A replication already gone or being deleted (an earlier run promoted)
     * leaves nothing to wait for or give back: the promotion step carries on from there.
     */
    static SyncCheck decide(DrPlan plan, RunContext run, SyncCheck check) {
        if (check.synced()) {
            return check.decided(SyncDecision.PROMOTE, null);
        }
        if (!check.gaveUp()) {
            return check.decided(SyncDecision.WAIT, null);
        }
        if (check.status().equals("NONE") || check.status().equals(ReplicationStatus.DELETING.toString())) {
            return check.decided(SyncDecision.PROMOTE, null);
        }
        return switch (plan.onUnprovenSync()) {
            case ABORT ->
                check.decided(
                        SyncDecision.ABORT,
                        "onUnprovenSync is abort: nothing is promoted and the primary goes back to production");
            case APPROVAL ->
                check.decided(
                        SyncDecision.ASK,
                        "onUnprovenSync is approval: a person decides whether to promote without the proof "
                                + "(no answer in time: nothing is promoted)");
            case PROMOTE ->
                run.approvalRequired()
                        ? check.decided(
                                SyncDecision.ASK,
                                "the run requires approval: a person decides whether to promote without the proof")
                        : check.decided(SyncDecision.PROMOTE, "onUnprovenSync is promote: going on without the proof");
        };
    }

    private SyncCheck poll(
            DrPlan plan,
            RunContext run,
            Target source,
            Instant after,
            boolean requireSync,
            boolean bestEffort,
            SyncCheck previous,
            int redriveCount) {
        Instant now = clock.instant();
        boolean alarmBound = bestEffort
                && run.alarmName() != null
                && plan.timeouts().alarmFinalSyncSeconds() < plan.timeouts().finalSyncSeconds();
        long bound = bestEffort
                ? plan.timeouts().finalSyncSeconds(run.alarmName() != null)
                : plan.timeouts().syncSeconds();
        Poll poll = Poll.next(previous, now, bound, redriveCount);
        Site from = plan.site(source);
        Site to = plan.site(source == Target.DR ? Target.PRIMARY : Target.DR);
        if (run.dryRun()) {
            return new SyncCheck(
                    true,
                    "DRY_RUN",
                    null,
                    null,
                    after,
                    poll.number(),
                    poll.deadline(),
                    "dry run: would wait up to " + bound + " s for replication " + from.fileSystemId() + " -> "
                            + to.fileSystemId() + (requireSync ? " to sync past " + after : " to be ENABLED"),
                    poll.first(),
                    now,
                    false,
                    poll.redrives(),
                    poll.restartedAfterRedrive());
        }
        if (requireSync && after == null) {
            throw new UnsafeStateException("a sync wait needs the moment the sync must pass (input.after)");
        }
        Site reader = plan.dr();
        Optional<ReplicationView> found = fileSystems.replications(reader.region(), reader.fileSystemId()).stream()
                .filter(v -> isPair(v, from, to))
                .findFirst();
        if (bestEffort && (found.isEmpty() || found.get().status() == ReplicationStatus.DELETING)) {
            return new SyncCheck(
                    false,
                    found.map(v -> v.status().toString()).orElse("NONE"),
                    found.map(ReplicationView::lastReplicatedAt).orElse(null),
                    null,
                    after,
                    poll.number(),
                    poll.deadline(),
                    "replication " + from.fileSystemId() + " -> "
                            + to.fileSystemId()
                            + (found.isEmpty() ? " is no longer recorded" : " is already being deleted")
                            + " in " + reader.region() + " (an earlier run promoted): no further sync will come",
                    poll.first(),
                    clock.instant(),
                    true,
                    poll.redrives(),
                    poll.restartedAfterRedrive());
        }
        ReplicationView view = found.orElseThrow(
                () -> new UnsafeStateException("replication " + from.fileSystemId() + " -> " + to.fileSystemId()
                        + " is not recorded in " + reader.region() + ": it must exist before waiting for its sync"));
        Instant finished = clock.instant();
        Instant last = view.lastReplicatedAt();
        Long age = last == null
                ? null
                : Math.max(0, Duration.between(last, finished).toSeconds());
        String progress = "replication " + from.fileSystemId() + " -> " + to.fileSystemId() + " " + view.status()
                + (last == null ? ", no sync completed yet" : ", last sync " + last + " (" + age + " s ago)");
        if (view.status() == ReplicationStatus.ERROR
                || view.status() == ReplicationStatus.PAUSED
                || view.status() == ReplicationStatus.PAUSING) {
            String message = progress + (view.statusMessage() == null ? "" : ": " + view.statusMessage());
            if (bestEffort) {
                return observed(
                        view,
                        last,
                        age,
                        after,
                        poll,
                        finished,
                        false,
                        "gave up waiting for a final sync: " + message,
                        true);
            }
            throw new UnsafeStateException(message);
        }
        boolean enabled = view.status() == ReplicationStatus.ENABLED;
        boolean synced = enabled && (!requireSync || (last != null && last.isAfter(after)));
        if (synced) {
            return observed(
                    view,
                    last,
                    age,
                    after,
                    poll,
                    finished,
                    true,
                    progress + (requireSync ? ": every change before " + after + " is on " + to.fileSystemId() : ""),
                    false);
        }
        if (finished.isAfter(poll.deadline())) {
            if (bestEffort) {
                return observed(
                        view,
                        last,
                        age,
                        after,
                        poll,
                        finished,
                        false,
                        "no sync later than " + after + " within " + bound + " s"
                                + (alarmBound ? " (timeouts.alarmFinalSyncSeconds: an alarm started the run)" : "")
                                + " (" + progress + "): the data-loss window is unproven",
                        true);
            }
            throw new StepTimeoutException("no sync of " + from.fileSystemId() + " -> " + to.fileSystemId()
                    + " later than " + after + " within " + bound + " s" + poll.restartNote() + ": " + progress);
        }
        return observed(
                view,
                last,
                age,
                after,
                poll,
                finished,
                false,
                "waiting: " + progress + (requireSync ? "; need a sync later than " + after : "") + poll.restartNote(),
                false);
    }

    /**
     * One poll's answer about the replication as read; only whether it synced, what it says and
     * whether it gave up differ between the answers.
     */
    private static SyncCheck observed(
            ReplicationView view,
            Instant last,
            Long age,
            Instant after,
            Poll poll,
            Instant finished,
            boolean synced,
            String summary,
            boolean gaveUp) {
        return new SyncCheck(
                synced,
                view.status().toString(),
                last,
                age,
                after,
                poll.number(),
                poll.deadline(),
                summary,
                poll.first(),
                finished,
                gaveUp,
                poll.redrives(),
                poll.restartedAfterRedrive());
    }
}
