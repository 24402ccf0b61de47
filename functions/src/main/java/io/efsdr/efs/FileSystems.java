package io.efsdr.efs;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.Site;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.Destination;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.PolicyNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.ReplicationConfigurationDescription;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/** Reads of EFS state, one region at a time, translated into small immutable views. */
public final class FileSystems implements EfsApi {
    private final Function<String, EfsClient> efs;

    public FileSystems(AwsClients clients) {
        this(clients::efs);
    }

    /** Over the given per-region clients (tests pass an in-memory {@link EfsClient}). */
    FileSystems(Function<String, EfsClient> efs) {
        this.efs = efs;
    }

    /**
     * The replication configurations the region records for a file system (as source or as
     * destination); empty when there are none.
     */
    @Override
    public List<ReplicationView> replications(String region, String fileSystemId) {
        return AwsCalls.call("EFS DescribeReplicationConfigurations for " + fileSystemId + " in " + region, () -> {
            try {
                return efs
                        .apply(region)
                        .describeReplicationConfigurations(r -> r.fileSystemId(fileSystemId))
                        .replications()
                        .stream()
                        .flatMap(FileSystems::views)
                        .toList();
            } catch (ReplicationNotFoundException e) {
                return List.of();
            }
        });
    }

    /** The file system's replication overwrite protection: ENABLED, DISABLED or REPLICATING. */
    @Override
    public ReplicationOverwriteProtection protection(String region, String fileSystemId) {
        FileSystemDescription description = describe(region, fileSystemId)
                .orElseThrow(
                        () -> new UnsafeStateException("file system " + fileSystemId + " does not exist in " + region));
        return description.fileSystemProtection() == null
                ? ReplicationOverwriteProtection.ENABLED
                : description.fileSystemProtection().replicationOverwriteProtection();
    }

    @Override
    public boolean exists(String region, String fileSystemId) {
        return describe(region, fileSystemId).isPresent();
    }

    /** The file system's description, or empty when the region does not know it. */
    public Optional<FileSystemDescription> describe(String region, String fileSystemId) {
        return AwsCalls.call("EFS DescribeFileSystems for " + fileSystemId + " in " + region, () -> {
            try {
                return efs.apply(region).describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems().stream()
                        .findFirst();
            } catch (FileSystemNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * How many access points the file system has (DescribeAccessPoints, every page; each page is one
     * bounded call). Each PVC provisioned by the EFS CSI driver uses one.
     */
    @Override
    public int accessPointCount(String region, String fileSystemId) {
        return AwsCalls.call("EFS DescribeAccessPoints for " + fileSystemId + " in " + region, () -> {
            int count = 0;
            String token = null;
            do {
                String next = token;
                var page = efs.apply(region)
                        .describeAccessPoints(r -> r.fileSystemId(fileSystemId).nextToken(next));
                count += page.accessPoints().size();
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
            return count;
        });
    }

    /** Disables replication overwrite protection: the file system becomes read-only, a replication target. */
    @Override
    public void disableProtection(String region, String fileSystemId) {
        AwsCalls.call(
                "EFS UpdateFileSystemProtection for " + fileSystemId + " in " + region,
                () -> efs.apply(region)
                        .updateFileSystemProtection(r -> r.fileSystemId(fileSystemId)
                                .replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED)));
    }

    @Override
    public void enableProtection(String region, String fileSystemId) {
        AwsCalls.call(
                "EFS UpdateFileSystemProtection for " + fileSystemId + " in " + region,
                () -> efs.apply(region)
                        .updateFileSystemProtection(r -> r.fileSystemId(fileSystemId)
                                .replicationOverwriteProtection(ReplicationOverwriteProtection.ENABLED)));
    }

    /**
     * Creates the replication of {@code from}'s file system onto {@code to}'s existing one, in
     * {@code from}'s region. {@code ReplicationAlreadyExists} (a file system is still in a
     * configuration, for instance one whose deletion one region has not finished) is an answer to
     * wait on, not a failure.
     */
    @Override
    public Creation createReplication(Site from, Site to) {
        String pair =
                from.fileSystemId() + " (" + from.region() + ") -> " + to.fileSystemId() + " (" + to.region() + ")";
        return AwsCalls.call("EFS CreateReplicationConfiguration " + pair, () -> {
            try {
                return new Creation(
                        true,
                        efs.apply(from.region())
                                .createReplicationConfiguration(r -> r.sourceFileSystemId(from.fileSystemId())
                                        .destinations(d -> d.fileSystemId(to.fileSystemId())
                                                .region(to.region())))
                                .creationTime());
            } catch (ReplicationAlreadyExistsException e) {
                return new Creation(false, null);
            }
        });
    }

    /** Deletes the replication whose source is {@code sourceFileSystemId}; already gone counts as done. */
    @Override
    public void deleteReplication(String region, String sourceFileSystemId, DeletionMode mode) {
        AwsCalls.call(
                "EFS DeleteReplicationConfiguration (" + mode + ") for source " + sourceFileSystemId + " in " + region,
                () -> {
                    try {
                        efs.apply(region)
                                .deleteReplicationConfiguration(r ->
                                        r.sourceFileSystemId(sourceFileSystemId).deletionMode(mode));
                    } catch (ReplicationNotFoundException e) {
                        // already deleted: the desired state holds
                    }
                    return null;
                });
    }

    @Override
    public String arn(String region, String fileSystemId) {
        return describe(region, fileSystemId)
                .map(FileSystemDescription::fileSystemArn)
                .orElseThrow(
                        () -> new UnsafeStateException("file system " + fileSystemId + " does not exist in " + region));
    }

    @Override
    public Optional<String> policy(String region, String fileSystemId) {
        return AwsCalls.call("EFS DescribeFileSystemPolicy for " + fileSystemId + " in " + region, () -> {
            try {
                return Optional.ofNullable(efs.apply(region)
                        .describeFileSystemPolicy(r -> r.fileSystemId(fileSystemId))
                        .policy());
            } catch (PolicyNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void putPolicy(String region, String fileSystemId, String policy) {
        AwsCalls.call(
                "EFS PutFileSystemPolicy for " + fileSystemId + " in " + region,
                () -> efs.apply(region)
                        .putFileSystemPolicy(r -> r.fileSystemId(fileSystemId).policy(policy)));
    }

    @Override
    public void deletePolicy(String region, String fileSystemId) {
        AwsCalls.call("EFS DeleteFileSystemPolicy for " + fileSystemId + " in " + region, () -> {
            try {
                return efs.apply(region).deleteFileSystemPolicy(r -> r.fileSystemId(fileSystemId));
            } catch (PolicyNotFoundException e) {
                return null;
            }
        });
    }

    private static Stream<ReplicationView> views(ReplicationConfigurationDescription description) {
        return description.destinations().stream().map(d -> view(description, d));
    }

    private static ReplicationView view(ReplicationConfigurationDescription description, Destination destination) {
        return new ReplicationView(
                description.sourceFileSystemId(),
                description.sourceFileSystemRegion(),
                destination.fileSystemId(),
                destination.region(),
                destination.status(),
                destination.statusMessage(),
                destination.lastReplicatedTimestamp(),
                description.creationTime());
    }
}
