package io.efsdr.guard;

import java.time.Instant;

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
 */
public record FenceState(
        Instant since,
        String execution,
        Part workloads,
        Part fileSystem,
        int workloadsStopped,
        boolean watch,
        int reverts) {
    /** One part of the fence. */
    public enum Part {
        NONE,
        PENDING,
        DONE
    }

    public FenceState(Instant since, String execution, Part workloads, Part fileSystem, int workloadsStopped) {
        this(since, execution, workloads, fileSystem, workloadsStopped, false, 0);
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
        return new FenceState(since, execution, Part.DONE, fileSystem, stopped, watch, reverts);
    }

    public FenceState fileSystemFenced() {
        return new FenceState(since, execution, workloads, Part.DONE, workloadsStopped, watch, reverts);
    }

    /** One more revert found and stopped again in watch mode. */
    public FenceState reverted() {
        return new FenceState(since, execution, workloads, fileSystem, workloadsStopped, watch, reverts + 1);
    }
}
