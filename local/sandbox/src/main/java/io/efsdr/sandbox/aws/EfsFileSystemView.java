package io.efsdr.sandbox.aws;

/**
 * A file system as a report sees it at one moment.
 *
 * @param region the file system's region
 * @param fileSystemId its id
 * @param writable whether clients may write (protection {@code ENABLED})
 * @param protection {@code ENABLED}, {@code DISABLED} or {@code REPLICATING}
 * @param replication the replication configuration this region records for it, or {@code null}
 */
public record EfsFileSystemView(
        String region, String fileSystemId, boolean writable, String protection, EfsReplicationView replication) {}
