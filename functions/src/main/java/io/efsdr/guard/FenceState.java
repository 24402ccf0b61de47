package io.efsdr.guard;

import io.efsdr.gitops.HandOverChange;
import java.time.Instant;
import java.util.List;

/**
 * The deferred fence of the old primary, kept as JSON in an SSM parameter beside the active-region
 * record: a failover that could not fence (the primary did not answer) leaves both parts PENDING;
 * the split-brain guard sets each DONE once it is done; a failback removes the write fence and
 * sets both to NONE. Each part changes once, so a re-run does and notifies nothing twice.
 *
 * <p>A failover that stopped the primary itself (a graceful one) records it done with {@code watch}
 * set: the guard keeps running and stops again whatever scales a plan workload back up in the old
 * primary (a GitOps controller re-applying Git need not do it within the stop's hold). A watch
 * record is never pending, so it does not hold up a failback, whose clean-up clears it.
 *
 * @param since when the fence became pending (the failover's fence step), or the watch began
 * @param execution the failover execution that skipped fencing, or that stopped the primary
 * @param workloads the primary's workloads: stopped (no pod left) or not yet
 * @param fileSystem the primary file system's write fence
 * @param workloadsStopped how many of the plan's workloads the guard found at zero with no pod left
 * @param watch whether the guard watches the stopped primary for workloads scaled back up
 * @param reverts how many times, in watch mode, the guard found plan workloads scaled back up in
 *     the primary and stopped them again (one notification each)
 * @param primaryAnsweredAt when the guard first reached the old primary's cluster; null before
 * @param workloadsFoundRunning how many of the plan's workloads the guard found above zero then (it
 *     scaled them to zero): they had been writing to the old primary file system while DR served
 * @param stoppedAt when the guard saw no pod of the plan left in the old primary that may write
 * @param fencedAt when the guard put the write fence on the old primary file system
 * @param splitBrainWriteSeconds set when the fence is complete: the longest the old primary file
 *     system may have accepted writes after DR's promotion, from {@code since} (the failover's fence
 *     step; DR was promoted after it) until the later of {@code stoppedAt} and the fence's
 *     propagation ({@code fencedAt} + {@code timeouts.fencePropagationSeconds}). Those writes are
 *     not on DR (split-brain writes; docs/safety.md). Null before, and in watch mode
 * @param handedOver the levers a failover (or the guard, or a failback) set to hand the plan's
 *     workloads over from their GitOps controllers, with their values before, until a give-back
 *     restores them ({@link io.efsdr.gitops.HandOverLedger}); it outlives the fence itself, which
 *     the failback's clean-up clears
 */
public record FenceState(
        Instant since,
        String execution,
        Part workloads,
        Part fileSystem,
        int workloadsStopped,
        boolean watch,
        int reverts,
        Instant primaryAnsweredAt,
        int workloadsFoundRunning,
        Instant stoppedAt,
        Instant fencedAt,
        Long splitBrainWriteSeconds,
        List<HandOverChange> handedOver) {
    public FenceState {
        handedOver = handedOver == null ? List.of() : List.copyOf(handedOver);
    }

    /** One part of the fence. */
    public enum Part {
        NONE,
        PENDING,
        DONE
    }

    public FenceState(Instant since, String execution, Part workloads, Part fileSystem, int workloadsStopped) {
        this(since, execution, workloads, fileSystem, workloadsStopped, false, 0);
    }

    public FenceState(
            Instant since,
            String execution,
            Part workloads,
            Part fileSystem,
            int workloadsStopped,
            boolean watch,
            int reverts) {
        this(
                since,
                execution,
                workloads,
                fileSystem,
                workloadsStopped,
                watch,
                reverts,
                null,
                0,
                null,
                null,
                null,
                null);
    }

    /** Nothing fenced, nothing pending. */
    public static final FenceState NONE = new FenceState(null, null, Part.NONE, Part.NONE, 0);

    public static FenceState pending(Instant since, String execution) {
        return new FenceState(since, execution, Part.PENDING, Part.PENDING, 0);
    }

    /**
     * The primary stopped by the failover {@code execution} itself (its workloads done), watched from
     * {@code since}.
     */
    public static FenceState watching(Instant since, String execution, int workloadsStopped) {
        return new FenceState(since, execution, Part.DONE, Part.NONE, workloadsStopped, true, 0);
    }

    /** Whether some part still waits for the primary region. */
    public boolean pending() {
        return workloads == Part.PENDING || fileSystem == Part.PENDING;
    }

    public FenceState workloadsStopped(int stopped) {
        return workloadsStopped(stopped, null);
    }

    /** The primary's workloads stopped, with no pod that may write left at {@code at}. */
    public FenceState workloadsStopped(int stopped, Instant at) {
        return new FenceState(
                since,
                execution,
                Part.DONE,
                fileSystem,
                stopped,
                watch,
                reverts,
                primaryAnsweredAt,
                workloadsFoundRunning,
                at,
                fencedAt,
                splitBrainWriteSeconds,
                handedOver);
    }

    public FenceState fileSystemFenced() {
        return fileSystemFenced(null);
    }

    /** The old primary file system write-fenced at {@code at}. */
    public FenceState fileSystemFenced(Instant at) {
        return new FenceState(
                since,
                execution,
                workloads,
                Part.DONE,
                workloadsStopped,
                watch,
                reverts,
                primaryAnsweredAt,
                workloadsFoundRunning,
                stoppedAt,
                at,
                splitBrainWriteSeconds,
                handedOver);
    }

    /**
     * The old primary's cluster answered the guard for the first time at {@code at}, with {@code
     * running} of the plan's workloads above zero.
     */
    public FenceState answered(Instant at, int running) {
        return new FenceState(
                since,
                execution,
                workloads,
                fileSystem,
                workloadsStopped,
                watch,
                reverts,
                at,
                running,
                stoppedAt,
                fencedAt,
                splitBrainWriteSeconds,
                handedOver);
    }

    /** The fence complete: the old primary may have accepted writes for up to {@code seconds} after DR's promotion. */
    public FenceState splitBrainWrites(long seconds) {
        return new FenceState(
                since,
                execution,
                workloads,
                fileSystem,
                workloadsStopped,
                watch,
                reverts,
                primaryAnsweredAt,
                workloadsFoundRunning,
                stoppedAt,
                fencedAt,
                seconds,
                handedOver);
    }

    /** One more revert found and stopped again in watch mode. */
    public FenceState reverted() {
        return new FenceState(
                since,
                execution,
                workloads,
                fileSystem,
                workloadsStopped,
                watch,
                reverts + 1,
                primaryAnsweredAt,
                workloadsFoundRunning,
                stoppedAt,
                fencedAt,
                splitBrainWriteSeconds,
                handedOver);
    }

    /** The same record with {@code changes} as the hand-over's ledger. */
    public FenceState withHandedOver(List<HandOverChange> changes) {
        return new FenceState(
                since,
                execution,
                workloads,
                fileSystem,
                workloadsStopped,
                watch,
                reverts,
                primaryAnsweredAt,
                workloadsFoundRunning,
                stoppedAt,
                fencedAt,
                splitBrainWriteSeconds,
                changes);
    }
}
