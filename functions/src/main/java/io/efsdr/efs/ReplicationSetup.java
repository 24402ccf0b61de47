package io.efsdr.efs;

import io.efsdr.plan.Poll;
import java.time.Instant;

/**
 * What setting up a replication onto an existing file system did. A file system can be in one
 * replication only, and the two regions drop a deleted configuration's records independently, so
 * the step waits (polled by the state machine) while either region still records one DELETING.
 *
 * @param ready the replication exists; false while waiting for an old configuration to go
 * @param createdAt the configuration's creation time: a sync is only evidence if it is later;
 *     null while waiting
 * @param gaveUp the failback's re-protection (primary -> DR) kept failing until its bound: the DR
 *     file system's protection was set back to ENABLED and DR is NOT protected (no replication into
 *     it) since {@code finishedAt}
 * @param redrives see {@link Poll#redrives()}
 * @param restartedAfterRedrive see {@link Poll#restartedAfterRedrive()}
 */
public record ReplicationSetup(
        boolean ready,
        SetupAction action,
        String sourceFileSystemId,
        String destinationFileSystemId,
        Instant createdAt,
        int polls,
        Instant deadline,
        String summary,
        Instant startedAt,
        Instant finishedAt,
        boolean gaveUp,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {
    public ReplicationSetup(
            boolean ready,
            SetupAction action,
            String sourceFileSystemId,
            String destinationFileSystemId,
            Instant createdAt,
            int polls,
            Instant deadline,
            String summary,
            Instant startedAt,
            Instant finishedAt,
            boolean gaveUp) {
        this(
                ready,
                action,
                sourceFileSystemId,
                destinationFileSystemId,
                createdAt,
                polls,
                deadline,
                summary,
                startedAt,
                finishedAt,
                gaveUp,
                null,
                null);
    }

    /**
     * This result as a poll of {@code poll}: the redrive count it ran under, and a restart's (named
     * in the summary).
     */
    public ReplicationSetup polledAs(Poll poll) {
        return new ReplicationSetup(
                ready,
                action,
                sourceFileSystemId,
                destinationFileSystemId,
                createdAt,
                polls,
                deadline,
                summary + poll.restartNote(),
                startedAt,
                finishedAt,
                gaveUp,
                poll.redrives(),
                poll.restartedAfterRedrive());
    }

    public ReplicationSetup(
            boolean ready,
            SetupAction action,
            String sourceFileSystemId,
            String destinationFileSystemId,
            Instant createdAt,
            int polls,
            Instant deadline,
            String summary,
            Instant startedAt,
            Instant finishedAt) {
        this(
                ready,
                action,
                sourceFileSystemId,
                destinationFileSystemId,
                createdAt,
                polls,
                deadline,
                summary,
                startedAt,
                finishedAt,
                false);
    }
}
