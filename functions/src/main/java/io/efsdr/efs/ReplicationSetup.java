package io.efsdr.efs;

import io.efsdr.plan.StepResult;
import java.time.Instant;

/**
 * What setting up a replication onto an existing file system did.
 *
 * @param action CREATED, ALREADY_EXISTS or DRY_RUN
 * @param createdAt the configuration's creation time: a sync is only evidence if it is later
 */
public record ReplicationSetup(
    String action, String sourceFileSystemId, String destinationFileSystemId, Instant createdAt, String summary,
    Instant startedAt, Instant finishedAt)
    implements StepResult {}
