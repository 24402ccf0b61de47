package io.efsdr.guard;

import io.efsdr.efs.WriteFence;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.gitops.HandOver;
import io.efsdr.gitops.HandOverChange;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.ScaleOutcome;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.plan.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The split-brain guard, run on a schedule while a fence is pending. After a region-down failover
 * the old primary's workloads still ask for their replicas and its file system is still writable
 * (a replication source always is): when that region comes back its pods would write to it while
 * DR serves. While the active-region record says DR, each run tries the primary: once its cluster
 * answers, the plan's workloads are scaled to zero there and the part is done when no pod that may
 * still write is left, terminating and Unknown ones included, ended (Failed, Succeeded) ones not
 * ({@link io.efsdr.kubernetes.PodActivity}: an evicted pod that stays would hold the fence pending, and
 * every failback refused, until someone deleted it by hand); once its EFS answers, the file system gets a policy that denies
 * ClientWrite ({@link WriteFence}). Pods already mounted keep writing until they reconnect, so the
 * write fence never stands alone. Each part changes once in the record. The fence complete is
 * notified once; a part done while the other waits for its service to answer is notified too (not
 * one that only waits for pods to terminate, which the next run sees gone). When both are done the
 * schedule is disabled.
 *
 * <p>Before it stops the primary's workloads, the guard hands them over from their GitOps
 * controllers ({@link HandOver}, recorded in the fence record for the failback to give back): the
 * failover could not, the region being down, and a returned region's controllers would otherwise
 * undo every stop it makes.
 *
 * <p>Watch mode ({@link FenceState#watch()}), after a failover that stopped the primary itself:
 * while the active-region record says DR, each run scales the plan's workloads in the primary to
 * zero again; a workload found above zero was scaled back up since the last run (Flux re-applies at
 * its Kustomization's {@code .spec.interval}, Argo CD's self-heal backs off up to 300 s: either can
 * undo the failover's stop long after its hold), and each such run notifies once, naming them.
 * A run that finds them all at zero changes and says nothing. The schedule stays enabled until the
 * failback's clean-up ends the watch.
 */
public final class PrimaryGuard {
    private final FenceRecord record;
    private final Supplier<Optional<String>> activeRegion;
    private final Supplier<DrPlan> plan;
    private final Function<DrPlan, List<Workload>> workloads;
    private final WorkloadScaler scaler;
    private final ReadinessChecker readiness;
    private final WriteFence writeFence;
    private final GuardSchedule schedule;
    private final Consumer<Notification> notifier;
    private final Clock clock;
    private final HandOver handOver;

    /**
     * @param plan the stored plan, validated
     * @param workloads every workload the plan names, resolved
     */
    public PrimaryGuard(
            FenceRecord record,
            Supplier<Optional<String>> activeRegion,
            Supplier<DrPlan> plan,
            Function<DrPlan, List<Workload>> workloads,
            WorkloadScaler scaler,
            ReadinessChecker readiness,
            WriteFence writeFence,
            GuardSchedule schedule,
            Consumer<Notification> notifier,
            Clock clock) {
        this(record, activeRegion, plan, workloads, scaler, readiness, writeFence, schedule, notifier, clock, null);
    }

    /**
     * As the other constructor, with {@code handOver} to hand the old primary's workloads over from
     * their GitOps controllers as soon as its cluster answers, before stopping them (null: never).
     */
    public PrimaryGuard(
            FenceRecord record,
            Supplier<Optional<String>> activeRegion,
            Supplier<DrPlan> plan,
            Function<DrPlan, List<Workload>> workloads,
            WorkloadScaler scaler,
            ReadinessChecker readiness,
            WriteFence writeFence,
            GuardSchedule schedule,
            Consumer<Notification> notifier,
            Clock clock,
            HandOver handOver) {
        this.handOver = handOver;
        this.record = record;
        this.activeRegion = activeRegion;
        this.plan = plan;
        this.workloads = workloads;
        this.scaler = scaler;
        this.readiness = readiness;
        this.writeFence = writeFence;
        this.schedule = schedule;
        this.notifier = notifier;
        this.clock = clock;
    }

    public GuardResult run(boolean dryRun) {
        Instant started = clock.instant();
        FenceState state = record.read();
        if (!state.pending() && !state.watch()) {
            if (!dryRun) {
                schedule.disable();
            }
            return new GuardResult(
                    dryRun ? GuardOutcome.DRY_RUN : GuardOutcome.IDLE,
                    state,
                    false,
                    (dryRun ? "dry run: " : "") + "no fence pending in " + record.parameterName()
                            + (dryRun ? "; would disable the guard's schedule" : "; disabled the guard's schedule"),
                    started,
                    clock.instant());
        }
        DrPlan plan = this.plan.get();
        Site primary = plan.primary();
        Optional<String> active = activeRegion.get();
        if (!active.equals(Optional.of(plan.dr().region()))) {
            return new GuardResult(
                    GuardOutcome.WAITING_FOR_FAILOVER,
                    state,
                    false,
                    "a fence of " + primary.region()
                            + " is pending, but the active-region record says " + active.orElse("nothing") + ", not "
                            + plan.dr().region()
                            + ": waiting for the failover to finish",
                    started,
                    clock.instant());
        }
        if (!state.pending()) {
            return watch(plan, state, dryRun, started);
        }
        List<String> did = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        FenceState next = state;
        if (state.workloads() == FenceState.Part.PENDING) {
            next = stopWorkloads(plan, next, dryRun, did, waiting, unanswered);
        }
        if (state.fileSystem() == FenceState.Part.PENDING) {
            next = fenceFileSystem(primary, next, dryRun, did, waiting, unanswered);
        }
        if (handOver != null && !dryRun) {
            // The hand-over wrote its ledger into the record since it was read: keep it.
            next = next.withHandedOver(record.read().handedOver());
        }
        List<String> all = new ArrayList<>(did);
        all.addAll(waiting);
        all.addAll(unanswered);
        String summary = String.join("; ", all);
        if (dryRun) {
            return new GuardResult(GuardOutcome.DRY_RUN, state, false, "dry run: " + summary, started, clock.instant());
        }
        if (state.pending() && !next.pending()) {
            next = next.splitBrainWrites(splitBrainWriteSeconds(plan, next));
            summary += "; " + primary.fileSystemId() + " may have accepted writes for up to "
                    + next.splitBrainWriteSeconds() + " s after " + plan.dr().region()
                    + " was promoted (split-brain writes, not on DR)";
        } else if (next.pending() && next.primaryAnsweredAt() != null) {
            // Its cluster answers and pods that may write are left: the split-brain writes go on.
            next = next.splitBrainWrites(secondsBetween(next.since(), clock.instant()));
            summary += "; " + primary.fileSystemId() + " may have accepted writes for " + next.splitBrainWriteSeconds()
                    + " s since " + plan.dr().region() + " was promoted, and may still (split-brain writes, not on DR)";
        }
        boolean changed = !next.equals(state);
        boolean partChanged = next.workloads() != state.workloads() || next.fileSystem() != state.fileSystem();
        boolean notify = partChanged && (!next.pending() || !unanswered.isEmpty());
        if (notify) {
            notifier.accept(notification(plan, next, summary));
        }
        if (changed) {
            record.write(next);
        }
        if (!next.pending()) {
            schedule.disable();
        }
        GuardOutcome outcome = !next.pending()
                ? GuardOutcome.FENCED
                : next.workloads() == FenceState.Part.DONE || next.fileSystem() == FenceState.Part.DONE
                        ? GuardOutcome.PARTLY_FENCED
                        : GuardOutcome.PRIMARY_UNREACHABLE;
        return new GuardResult(outcome, next, notify, summary, started, clock.instant());
    }

    /** Watch mode: stops again whatever was scaled back up in the primary since the last run. */
    private GuardResult watch(DrPlan plan, FenceState state, boolean dryRun, Instant started) {
        Site primary = plan.primary();
        ScaleResult scale;
        try {
            scale = scaler.scale(
                    primary,
                    workloads.apply(plan),
                    ReplicaLevel.ZERO,
                    plan.kubernetesConcurrency(),
                    plan.kubernetesRateLimit(),
                    dryRun,
                    false);
        } catch (DependencyUnavailableException e) {
            return new GuardResult(
                    GuardOutcome.PRIMARY_UNREACHABLE,
                    state,
                    false,
                    "watching " + primary.clusterName() + ", which does not answer: " + e.getMessage(),
                    started,
                    clock.instant());
        }
        if (dryRun) {
            return new GuardResult(
                    GuardOutcome.DRY_RUN,
                    state,
                    false,
                    "dry run: watching " + primary.clusterName() + ": " + scale.summary(),
                    started,
                    clock.instant());
        }
        if (scale.scaled() == 0) {
            return new GuardResult(
                    GuardOutcome.WATCHING,
                    state,
                    false,
                    "watching " + primary.clusterName() + ": the plan's " + scale.workloads()
                            + " workloads are still at zero",
                    started,
                    clock.instant());
        }
        List<String> reverted = scale.changes().stream()
                .filter(c -> c.outcome() == ScaleOutcome.SCALED)
                .map(c -> c.workload() + " (" + c.from() + " replicas)")
                .toList();
        FenceState next = state.reverted();
        String summary = scale.scaled() + " workload(s) of the plan scaled back up in " + primary.clusterName()
                + " since the failover stopped them, stopped again: " + String.join(", ", reverted);
        notifier.accept(new Notification(
                truncated("DR guard: " + scale.scaled() + " workload(s) scaled back up in " + primary.region()
                        + ", stopped again"),
                "After the failover " + state.execution() + " stopped the primary, something scaled "
                        + "workloads of the plan back up in " + primary.clusterName() + " while "
                        + plan.dr().region() + " serves: their pods would write to " + primary.fileSystemId()
                        + ", which no longer replicates to DR (split brain).\n\n" + summary + ".\n\n"
                        + "This is revert " + next.reverts() + " the guard stopped. Whatever scaled them "
                        + "(a GitOps controller re-applying Git: Argo CD self-heal, a Flux Kustomization; "
                        + "an operator; a script) will do it again: set their replicas to 0 in Git, or "
                        + "suspend it for the primary, until the failback. The guard keeps watching every "
                        + "minute until a failback ends the watch.\n"));
        record.write(next);
        return new GuardResult(GuardOutcome.RESTOPPED, next, true, summary, started, clock.instant());
    }

    /**
     * The longest the old primary file system may have accepted writes after DR's promotion: from the
     * failover's fence step ({@link FenceState#since}; DR was promoted after it; a region only cut off
     * from DR may have written all along) until its plan pods were gone or the fence had propagated,
     * whichever is later (a mount made before the fence propagated is never refused writes: EFS user
     * guide, "Using IAM to control file system data access"). A writer outside the plan that mounted
     * before the propagation may write on after it.
     */
    private static long splitBrainWriteSeconds(DrPlan plan, FenceState state) {
        Instant end = state.stoppedAt();
        if (state.fencedAt() != null) {
            Instant propagated = state.fencedAt().plusSeconds(plan.timeouts().fencePropagationSeconds());
            end = end == null || propagated.isAfter(end) ? propagated : end;
        }
        return secondsBetween(state.since(), end);
    }

    private static long secondsBetween(Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return 0;
        }
        return (long) Math.ceil(Duration.between(from, to).toMillis() / 1000.0);
    }

    /** The paragraph of the guard's notice on the old primary's writes after DR's promotion. */
    private static String splitBrainWrites(DrPlan plan, FenceState state) {
        Long seconds = state.splitBrainWriteSeconds();
        if (seconds == null) {
            return "";
        }
        String found = state.workloadsFoundRunning() > 0
                ? state.workloadsFoundRunning()
                        + " workload(s) of the plan were running there when its cluster answered" + " again at "
                        + state.primaryAnsweredAt() + ", so "
                : "No workload of the plan was running there when its cluster answered again at "
                        + state.primaryAnsweredAt() + "; still, ";
        String span = state.pending()
                ? " for " + seconds + " s so far (from " + state.since() + ", the failover's fence step), and pods"
                        + " of the plan that may write are still there: the guard keeps stopping them every minute"
                        + " (a pod in phase Unknown goes only when its node answers or it is force-deleted)"
                : " for up to " + seconds + " s (from " + state.since() + ", the failover's fence step, until "
                        + state.since().plusSeconds(seconds) + ": no pod of the plan left at " + state.stoppedAt()
                        + ", the write fence propagated " + plan.timeouts().fencePropagationSeconds()
                        + " s after " + state.fencedAt()
                        + "; a writer outside the plan that mounted before then may write on)";
        return "Split-brain writes: " + found + plan.primary().fileSystemId() + " may have accepted writes after "
                + plan.dr().region() + " was promoted" + span + ". Those writes are NOT on "
                + plan.dr().fileSystemId() + " and are not part of the failover's data-loss window, which ends"
                + " at the promotion. A failback replicates " + plan.dr().region() + " onto "
                + plan.primary().fileSystemId() + " and replaces them: copy what must be kept off it first (the"
                + " fence denies writes, not reads).\n\n";
    }

    private static String truncated(String subject) {
        return subject.length() > 100 ? subject.substring(0, 97) + "..." : subject;
    }

    private FenceState stopWorkloads(
            DrPlan plan,
            FenceState state,
            boolean dryRun,
            List<String> did,
            List<String> waiting,
            List<String> unanswered) {
        Site primary = plan.primary();
        try {
            List<Workload> workloads = this.workloads.apply(plan);
            if (handOver != null && plan.gitops().handover()) {
                // Before the stop: otherwise the returned region's controllers undo every stop it makes.
                HandOver.Sited sited;
                try {
                    sited = handOver.site(
                            plan, Target.PRIMARY, workloads, state.execution(), HandOverChange.Taker.GUARD, dryRun);
                } catch (HandOver.RecordUnavailable e) {
                    throw new IllegalStateException(
                            "the hand-over's record could not be kept: " + e.getMessage(), e.unwrap());
                }
                if (!sited.changes().isEmpty()) {
                    did.add((dryRun ? "would hand over" : "handed over") + " from GitOps in "
                            + primary.clusterName() + ": "
                            + String.join(
                                    "; ",
                                    sited.changes().stream()
                                            .map(HandOverChange::describe)
                                            .toList()));
                }
                did.addAll(sited.notes());
            }
            ScaleResult scale = scaler.scale(
                    primary,
                    workloads,
                    ReplicaLevel.ZERO,
                    plan.kubernetesConcurrency(),
                    plan.kubernetesRateLimit(),
                    dryRun,
                    false);
            if (dryRun) {
                did.add("would stop the primary's workloads: " + scale.summary());
                return state;
            }
            if (state.primaryAnsweredAt() == null) {
                state = state.answered(clock.instant(), scale.scaled());
            }
            ReadinessCheck stopped = readiness.check(
                    primary,
                    workloads,
                    ReplicaLevel.ZERO,
                    plan.kubernetesConcurrency(),
                    plan.timeouts().readinessSeconds(),
                    false,
                    null);
            // No pod left at this poll is enough here: the guard re-reads the primary on every run
            // until both parts are done, and readiness FAILs on writers in the inactive region if a
            // controller brings them back later; the settle that zeroSince starts is for a promotion
            // that follows at once.
            if (!stopped.ready() && stopped.zeroSince() == null) {
                waiting.add(scale.summary() + "; waiting for their pods to be gone: " + stopped.summary());
                return state;
            }
            did.add(workloads.size() + " workloads stopped in " + primary.clusterName()
                    + " (no pod that may write left)");
            return state.workloadsStopped(workloads.size(), clock.instant());
        } catch (DependencyUnavailableException e) {
            unanswered.add("the primary cluster " + primary.clusterName() + " does not answer yet");
            return state;
        }
    }

    private FenceState fenceFileSystem(
            Site primary,
            FenceState state,
            boolean dryRun,
            List<String> did,
            List<String> waiting,
            List<String> unanswered) {
        try {
            WriteFence.Outcome outcome = writeFence.fence(primary, dryRun);
            if (outcome == WriteFence.Outcome.DRY_RUN) {
                did.add("would write-fence " + primary.fileSystemId()
                        + " (a policy denying ClientWrite to every principal)");
                return state;
            }
            did.add("file system " + primary.fileSystemId() + " write-fenced");
            return state.fileSystemFenced(clock.instant());
        } catch (DependencyUnavailableException e) {
            unanswered.add("EFS in " + primary.region() + " does not answer yet");
            return state;
        }
    }

    private static Notification notification(DrPlan plan, FenceState state, String summary) {
        String subject = state.pending()
                ? "DR guard: primary region " + plan.primary().region() + " is partly back: " + summary
                : "DR guard: primary region " + plan.primary().region() + " is back: " + state.workloadsStopped()
                        + " workloads stopped, file system write-fenced";
        String body = "After the failover " + state.execution() + " (fencing skipped at " + state.since()
                + ": the primary did not"
                + " answer), the split-brain guard found the primary region answering again.\n\n" + summary + ".\n\n"
                + splitBrainWrites(plan, state)
                + (state.pending()
                        ? "The guard keeps trying the rest every minute.\n"
                        : "The guard is done and its schedule disabled. The old primary file system refuses "
                                + "new client writes until a "
                                + "failback removes the fence (it starts by removing it before replicating "
                                + "DR onto it).\n");
        return new Notification(subject.length() > 100 ? subject.substring(0, 97) + "..." : subject, body);
    }
}
