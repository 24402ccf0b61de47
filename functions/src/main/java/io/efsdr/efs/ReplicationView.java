package io.efsdr.efs;

import java.time.Instant;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/**
 * One replication configuration as the region it was read in records it.
 *
 * @param lastReplicatedAt every change on the source before this instant is on the destination;
 *     null until the first sync completes
 * @param createdAt when the configuration was created: only a later sync proves anything
 */
public record ReplicationView(
        String sourceFileSystemId,
        String sourceRegion,
        String destinationFileSystemId,
        String destinationRegion,
        ReplicationStatus status,
        String statusMessage,
        Instant lastReplicatedAt,
        Instant createdAt) {}
