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
import java.time.Clock;

/**
 * The workflows' side of the deferred fence. The failover's fence step arms it when fencing was
 * skipped (the primary did not answer): the fence becomes pending and the guard's schedule is
 * enabled ({@link PrimaryGuard} does the rest). A failback refuses to start while a fence is
 * pending (the old primary's pods may still be writing), and its clean-up of the region-down
 * failover's leftovers removes the write fence, before DR is replicated onto the primary (which
 * makes it read-only by itself) and so before the primary's promotion.
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

    /** The failback's preconditions, refused while a fence is pending. */
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
        return failback.checkPreconditions(plan);
    }

    /**
     * The failback's clean-up; once the stale replication is gone, the write fence is removed (the
     * operator's own policy statements stay) and the record cleared.
     */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous) {
        return cleanUp(plan, run, previous, 0);
    }

    /** As {@link #cleanUp(DrPlan, RunContext, CleanupResult)} in an execution redriven {@code redriveCount} times. */
    public CleanupResult cleanUp(DrPlan plan, RunContext run, CleanupResult previous, int redriveCount) {
        CleanupResult cleanup = failback.cleanUpStale(plan, run, previous, redriveCount);
        if (!cleanup.done()) {
            return cleanup;
        }
        WriteFence.Outcome outcome = writeFence.unfence(plan.primary(), run.dryRun());
        String note = switch (outcome) {
            case UNFENCED -> "; removed the write fence from " + plan.primary().fileSystemId();
            case DRY_RUN ->
                "; dry run: would remove the write fence from " + plan.primary().fileSystemId();
            default -> "";
        };
        if (!run.dryRun() && record.read().fileSystem() != FenceState.Part.NONE) {
            record.write(FenceState.NONE);
        }
        return note.isEmpty()
                ? cleanup
                : new CleanupResult(
                        cleanup.done(),
                        cleanup.action(),
                        cleanup.polls(),
                        cleanup.deadline(),
                        cleanup.summary() + note,
                        cleanup.startedAt(),
                        clock.instant(),
                        cleanup.redrives(),
                        cleanup.restartedAfterRedrive());
    }
}
