package io.efsdr.guard;

import io.efsdr.efs.CleanupResult;
import io.efsdr.efs.Failback;
import io.efsdr.efs.PreconditionResult;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import java.time.Clock;

/**
 * The workflows' side of the deferred fence. The failover's fence step arms it when fencing was
 * skipped (the primary did not answer): the fence becomes pending and the guard's schedule is
 * enabled ({@link PrimaryGuard} does the rest). A failback refuses to start while a fence is
 * pending (the old primary's pods may still be writing). Its clean-up of the region-down failover's
 * leftovers clears the record but leaves the write fence on: the failback removes it only once DR is
 * replicated onto the primary, which makes the primary read-only by itself.
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
    private final Clock clock;

    public DeferredFencing(FenceRecord record, GuardSchedule schedule, Failback failback, Clock clock) {
        this.record = record;
        this.schedule = schedule;
        this.failback = failback;
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
                record.write(
                        FenceState.pending(clock.instant(), run.executionName()).withHandedOver(state.handedOver()));
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
            record.write(FenceState.watching(clock.instant(), run.executionName(), stopped)
                    .withHandedOver(state.handedOver()));
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
     * The failback's clean-up: once the stale replication is gone, the guard's record is cleared and
     * a watch of the stopped primary ended. The write fence stays on the primary file system: the
     * failback removes it only once the primary is a replication destination ("Unfence Primary File
     * System", {@link io.efsdr.efs.PrimaryWriteFence}).
     */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous) {
        return cleanUp(plan, run, previous, 0);
    }

    /**
     * As {@link #cleanUp(DrPlan, RunContext, CleanupResult)} in an execution redriven {@code
     * redriveCount} times.
     *
     * <p>The primary's write fence is left in place. Here the primary file system is still a former
     * replication source, writable, while DR serves: without the fence, a writer outside the plan that
     * mounts it (a CronJob's new pod, a Lambda environment) would write there, and the reverse
     * replication would then overwrite what it wrote (a world generator's finding, CI seeds 1059 and
     * 1088). EFS makes the primary read-only once it is the reverse replication's destination
     * ({@code FileSystemProtectionDescription}: "read-only and is modified only by EFS replication"),
     * and only then does the failback take the fence off.
     */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous, int redriveCount) {
        CleanupResult cleanup = failback.cleanUpStale(plan, run, previous, redriveCount);
        if (!cleanup.done()) {
            return cleanup;
        }
        Site primary = plan.primary();
        String note = "the write fence on " + primary.fileSystemId()
                + " (if any) stays until the primary is a replication destination (read-only)";
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
            record.write(FenceState.NONE.withHandedOver(state.handedOver()));
        }
        if (!run.dryRun() && state.watch()) {
            schedule.disable();
        }
        return new CleanupResult(
                true,
                cleanup.action(),
                cleanup.polls(),
                cleanup.deadline(),
                cleanup.summary() + "; " + note,
                cleanup.startedAt(),
                clock.instant(),
                cleanup.redrives(),
                cleanup.restartedAfterRedrive());
    }
}
