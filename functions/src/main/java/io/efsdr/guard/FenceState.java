package io.efsdr.guard;

import java.time.Instant;

/**
 * The deferred fence of the old primary, kept as JSON in an SSM parameter beside the active-region
 * record: a failover that could not fence (the primary did not answer) leaves both parts PENDING;
 * the split-brain guard sets each DONE once it is done; a failback removes the write fence and
 * sets both to NONE. Each part changes once, so a re-run does and notifies nothing twice.
 *
 * @param since when the fence became pending (the failover's fence step)
 * @param execution the failover execution that skipped fencing
 * @param workloads the primary's workloads: stopped (no pod left) or not yet
 * @param fileSystem the primary file system's write fence
 * @param workloadsStopped how many of the plan's workloads the guard found at zero with no pod left
 */
public record FenceState(Instant since, String execution, Part workloads, Part fileSystem, int workloadsStopped) {
    /** One part of the fence. */
    public enum Part {
        NONE,
        PENDING,
        DONE
    }

    /** Nothing fenced, nothing pending. */
    public static final FenceState NONE = new FenceState(null, null, Part.NONE, Part.NONE, 0);

    public static FenceState pending(Instant since, String execution) {
        return new FenceState(since, execution, Part.PENDING, Part.PENDING, 0);
    }

    /** Whether some part still waits for the primary region. */
    public boolean pending() {
        return workloads == Part.PENDING || fileSystem == Part.PENDING;
    }

    public FenceState workloadsStopped(int stopped) {
        return new FenceState(since, execution, Part.DONE, fileSystem, stopped);
    }

    public FenceState fileSystemFenced() {
        return new FenceState(since, execution, workloads, Part.DONE, workloadsStopped);
    }
}
