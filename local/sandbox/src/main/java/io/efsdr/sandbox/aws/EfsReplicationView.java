package io.efsdr.sandbox.aws;

import java.time.Instant;

/**
 * One region's record of a replication configuration.
 *
 * @param recordRegion the region holding this record
 * @param sourceRegion source file system region
 * @param sourceFileSystemId source file system
 * @param destinationRegion destination file system region
 * @param destinationFileSystemId destination file system
 * @param status {@code ENABLING, ENABLED, DELETING, ERROR, PAUSED, PAUSING}
 * @param statusMessage explanation for {@code ERROR}/{@code PAUSED}, or {@code null}
 * @param creationTime when the configuration was created
 * @param lastReplicated every source change before this instant is on the destination; {@code null}
 *     until the initial sync is done
 */
public record EfsReplicationView(
        String recordRegion,
        String sourceRegion,
        String sourceFileSystemId,
        String destinationRegion,
        String destinationFileSystemId,
        String status,
        String statusMessage,
        Instant creationTime,
        Instant lastReplicated) {}
