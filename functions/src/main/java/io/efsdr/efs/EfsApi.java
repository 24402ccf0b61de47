package io.efsdr.efs;

import io.efsdr.plan.Site;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * The EFS reads and writes the replication steps make, one region at a time. {@link FileSystems}
 * implements it over the SDK; the decisions built on it ({@link Promotion}, {@link Failback}) are
 * tested against an in-memory one. Failures arrive as the project's exceptions: a region that does
 * not answer as {@code DependencyUnavailableException}, a refusal as {@code UnsafeStateException}.
 */
public interface EfsApi {

    /**
     * The replication configurations the region records for a file system (as source or as
     * destination); empty when there are none.
     */
    List<ReplicationView> replications(String region, String fileSystemId);

    /** The file system's replication overwrite protection: ENABLED, DISABLED or REPLICATING. */
    ReplicationOverwriteProtection protection(String region, String fileSystemId);

    /** Whether the region knows the file system (it answered, and the file system exists). */
    boolean exists(String region, String fileSystemId);

    /** How many access points the file system has; each PVC provisioned by the EFS CSI driver uses one. */
    int accessPointCount(String region, String fileSystemId);

    /** Disables replication overwrite protection: the file system becomes read-only, a replication target. */
    void disableProtection(String region, String fileSystemId);

    /**
     * Enables replication overwrite protection again: a file system that is no replication's
     * destination becomes writable (a DISABLED one without a replication stays read-only).
     */
    void enableProtection(String region, String fileSystemId);

    /**
     * Creates the replication of {@code from}'s file system onto {@code to}'s existing one, in
     * {@code from}'s region; {@code ReplicationAlreadyExists} is answered as not created.
     */
    Creation createReplication(Site from, Site to);

    /** Deletes the replication whose source is {@code sourceFileSystemId}; already gone counts as done. */
    void deleteReplication(String region, String sourceFileSystemId, DeletionMode mode);

    /** The file system's ARN, for a policy's {@code Resource}. */
    String arn(String region, String fileSystemId);

    /**
     * The file system's resource policy (DescribeFileSystemPolicy); empty when it has none ({@code PolicyNotFound}).
     */
    Optional<String> policy(String region, String fileSystemId);

    /** Replaces the file system's resource policy (PutFileSystemPolicy). */
    void putPolicy(String region, String fileSystemId, String policy);

    /** Removes the file system's resource policy (DeleteFileSystemPolicy); none counts as done. */
    void deletePolicy(String region, String fileSystemId);

    /** What CreateReplicationConfiguration answered: created (with its time, if EFS said), or refused for now. */
    record Creation(boolean created, Instant createdAt) {}
}
