package io.efsdr.guard;

import io.efsdr.efs.CleanupResult;
import io.efsdr.efs.Failback;
import io.efsdr.efs.PreconditionResult;
import io.efsdr.efs.WriteFence;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import java.time.Clock;
import java.time.Instant;

/**
 * The workflows' side of the deferred fence. The failover's fence step arms it when fencing was
 * skipped (the primary did not answer): the fence becomes pending and the guard's schedule is
 * enabled ({@link PrimaryGuard} does the rest). A failback refuses to start while a fence is
 * pending (the old primary's pods may still be writing), and its clean-up of the region-down
 * failover's leftovers removes the write fence, before DR is replicated onto the primary (which
 * makes it read-only by itself) and so before the primary's promotion.
 *
 * <p>A failover that stopped the primary itself (no fence pending) puts the guard in watch mode
 * when it records DR as active ({@link #watch}): whatever scales a plan workload back up in the old
 * primary later (a GitOps controller re-applying Git at its interval, long after the stop's hold) is
 * stopped again by the guard's next run. The watch does not hold up a failback; its clean-up ends it.
 */
public final class DeferredFencing {
    private final FenceRecord record;
    private final GuardSchedule schedule;
    private final Failback failback;
    private final WriteFence writeFence;
    private final Clock clock;

    public DeferredFencing(
            FenceRecord record, GuardSchedule schedule, Failback failback, WriteFence writeFence, Clock clock) {
        this.record = record;
        this.schedule = schedule;
        this.failback = failback;
        this.writeFence = writeFence;
        this.clock = clock;
    }

    /** Makes a skipped fence pending and enables the guard; any other fence result passes unchanged. */
    public FenceResult arm(DrPlan plan, RunContext run, FenceResult fence) {
        if (fence.outcome() != FenceOutcome.SKIPPED_UNREACHABLE) {
            return fence;
        }
        String note;
        if (run.dryRun()) {
            note = "; dry run: would record a pending fence in " + record.parameterName()
                    + " and enable the split-brain guard";
        } else {
            FenceState state = record.read();
            if (!state.pending()) {
                record.write(FenceState.pending(clock.instant(), run.executionName()));
            }
            schedule.enable();
            note = "; fence of " + plan.primary().region()
                    + " deferred: the split-brain guard stops its workloads and write-fences "
                    + plan.primary().fileSystemId() + " as soon as they answer";
        }
        return new FenceResult(
                fence.outcome(),
                fence.primaryReachable(),
                fence.scale(),
                fence.summary() + note,
                fence.startedAt(),
                clock.instant());
    }

    /**
     * After a failover recorded DR as active ({@code target} DR): unless a fence is pending (the
     * guard finishes that first), records the primary stopped by this failover, to be watched, and
     * enables the guard's schedule. Idempotent: a re-run keeps the first watch record.
     *
     * @return what was done, to add to the step's summary; empty when nothing applies
     */
    public String watch(DrPlan plan, RunContext run, Target target) {
        if (target != Target.DR) {
            return "";
        }
        if (run.dryRun()) {
            return "; dry run: would have the split-brain guard watch "
                    + plan.primary().region() + " for workloads scaled back up";
        }
        FenceState state = record.read();
        if (state.pending()) {
            return "";
        }
        if (!state.watch()) {
            // The count is informational; a run too large to carry its workloads keeps the plan's
            // selector unresolved here (this step reads no cluster): the guard resolves it on each run.
            int stopped = plan.workloads().selector() == null
                    ? plan.workloads().list().size()
                    : 0;
            record.write(FenceState.watching(clock.instant(), run.executionName(), stopped));
        }
        schedule.enable();
        return "; the split-brain guard watches " + plan.primary().clusterName()
                + " every minute and stops again any workload of the plan scaled back up there, until a failback";
    }

    /**
     * The failback's preconditions, refused while a fence is pending; a guard that only watches the
     * stopped primary does not refuse (the clean-up ends the watch).
     */
    public PreconditionResult checkFailbackPreconditions(DrPlan plan) {
        FenceState state = record.read();
        if (state.pending()) {
            throw new UnsafeStateException(
                    "a fence of the old primary " + plan.primary().region() + " is still pending since "
                            + state.since() + " (workloads " + state.workloads() + ", file system " + state.fileSystem()
                            + "; see "
                            + record.parameterName() + "): its pods may still write to "
                            + plan.primary().fileSystemId()
                            + "; wait for the split-brain guard to report the primary fenced, then start "
                            + "the failback again");
        }
        PreconditionResult result = failback.checkPreconditions(plan);
        if (state.splitBrainWriteSeconds() == null || state.splitBrainWriteSeconds() <= 0) {
            return result;
        }
        return result.withSplitBrainWrites(
                state.splitBrainWriteSeconds(),
                "split-brain writes: the split-brain guard found "
                        + plan.primary().region() + " back after the"
                        + " region-down failover " + state.execution() + " (" + state.workloadsFoundRunning()
                        + " workload(s) of the plan running at " + state.primaryAnsweredAt() + "); "
                        + plan.primary().fileSystemId() + " may have accepted writes for up to "
                        + state.splitBrainWriteSeconds() + " s after "
                        + plan.dr().region() + " was promoted (from "
                        + state.since() + "); those writes are NOT on "
                        + plan.dr().fileSystemId()
                        + ", and this failback replaces them with DR's data");
    }

    /**
     * The failback's clean-up; once the stale replication is gone, the write fence is removed (the
     * operator's own statements stay), the record cleared, and the clean-up is done only once the
     * removal has propagated ({@code timeouts.fencePropagationSeconds}).
     */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous) {
        return cleanUp(plan, run, previous, 0);
    }

    /**
     * As {@link #cleanUp(DrPlan, RunContext, CleanupResult)} in an execution redriven {@code
     * redriveCount} times.
     *
     * <p>EFS applies a file system policy when a client connects, and a change "can take several
     * minutes to take effect" (EFS user guide, "Creating file system policies"; "Using IAM to
     * control file system data access"): a primary pod that mounts before the fence's removal has
     * propagated is refused writes for as long as it lives. So the clean-up reports itself not done,
     * asking for the next pass when the removal will have propagated, until {@code
     * timeouts.fencePropagationSeconds} after the removal; the primary's pods start long after
     * (they start only once DR has been replicated onto the primary and promoted). The wait is here
     * because DR still serves during the clean-up: it costs the failback time, never downtime. The
     * removal's time is kept across passes, retries and redrives (a pass finding the fence already
     * gone keeps it); a fence found gone with no pass of this run having removed it counts from now,
     * since it may have come off moments before. A dry run waits for nothing.
     */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous, int redriveCount) {
        CleanupResult cleanup = failback.cleanUpStale(plan, run, previous, redriveCount);
        if (!cleanup.done()) {
            return cleanup;
        }
        Site primary = plan.primary();
        long propagation = plan.timeouts().fencePropagationSeconds();
        WriteFence.Outcome outcome = writeFence.unfence(primary, run.dryRun());
        Instant now = clock.instant();
        Instant removedAt = null;
        String note;
        if (outcome == WriteFence.Outcome.UNFENCED) {
            removedAt = now;
            note = "removed the write fence from " + primary.fileSystemId() + " at " + now
                    + " (the operator's own statements stay)";
        } else if (outcome == WriteFence.Outcome.DRY_RUN) {
            note = "dry run: would remove the write fence from " + primary.fileSystemId() + " and wait "
                    + propagation + " s (timeouts.fencePropagationSeconds) for the removal to propagate before"
                    + " the primary's pods start";
        } else if (previous != null && previous.fenceRemovedAt() != null) {
            removedAt = previous.fenceRemovedAt();
            note = previous.fenceNote() == null
                    ? "removed the write fence from " + primary.fileSystemId() + " at " + removedAt
                    : previous.fenceNote();
        } else if (run.dryRun()) {
            note = "dry run: " + primary.fileSystemId() + " carries no write fence; would wait " + propagation
                    + " s all the same before the primary's pods start (it may have come off moments before)";
        } else {
            removedAt = now;
            note = "found no write fence on " + primary.fileSystemId() + " at " + now
                    + "; counting its removal from then, since it may have come off moments before (a pass whose"
                    + " answer was lost, an earlier run, by hand)";
        }
        FenceState state = record.read();
        if (state.watch()) {
            // Before the primary is stopped, promoted and scaled up by this failback: the guard,
            // still seeing DR as the active region, would otherwise stop the primary's workloads.
            note += run.dryRun()
                    ? "; dry run: would end the split-brain guard's watch and disable its schedule"
                    : "; ended the split-brain guard's watch of "
                            + primary.clusterName() + " (" + state.reverts()
                            + " revert(s) stopped again) and disabled its schedule";
        }
        if (!run.dryRun() && (state.fileSystem() != FenceState.Part.NONE || state.watch())) {
            record.write(FenceState.NONE);
        }
        if (!run.dryRun() && state.watch()) {
            schedule.disable();
        }
        if (removedAt == null) {
            return new CleanupResult(
                    true,
                    cleanup.action(),
                    cleanup.polls(),
                    cleanup.deadline(),
                    cleanup.summary() + "; " + note,
                    cleanup.startedAt(),
                    now,
                    cleanup.redrives(),
                    cleanup.restartedAfterRedrive(),
                    null,
                    null,
                    note);
        }
        Instant propagatedAt = removedAt.plusSeconds(propagation);
        boolean propagated = !now.isBefore(propagatedAt);
        String status = propagated
                ? "new mounts of " + primary.fileSystemId() + " may write again since " + propagatedAt
                : "waiting until " + propagatedAt + " (" + propagation + " s, timeouts.fencePropagationSeconds)"
                        + " before the primary's pods start: a pod that mounts before the removal has propagated"
                        + " stays refused writes until it is re-created";
        return new CleanupResult(
                propagated,
                cleanup.action(),
                cleanup.polls(),
                cleanup.deadline(),
                cleanup.summary() + "; " + note + "; " + status,
                cleanup.startedAt(),
                now,
                cleanup.redrives(),
                cleanup.restartedAfterRedrive(),
                removedAt,
                propagatedAt,
                note);
    }
}
