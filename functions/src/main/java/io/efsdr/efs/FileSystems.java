package io.efsdr.efs;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.Site;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.Destination;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationConfigurationDescription;
import software.amazon.awssdk.services.efs.model.ReplicationAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/** Reads of EFS state, one region at a time, translated into small immutable views. */
public final class FileSystems {
  private final AwsClients clients;

  public FileSystems(AwsClients clients) {
    this.clients = clients;
  }

  /**
   * The replication configurations the region records for a file system (as source or as
   * destination); empty when there are none.
   */
  public List<ReplicationView> replications(String region, String fileSystemId) {
    return AwsCalls.call("EFS DescribeReplicationConfigurations for " + fileSystemId + " in " + region, () -> {
      try {
        return clients.efs(region).describeReplicationConfigurations(r -> r.fileSystemId(fileSystemId))
            .replications().stream()
            .flatMap(FileSystems::views)
            .toList();
      } catch (ReplicationNotFoundException e) {
        return List.of();
      }
    });
  }

  /** The file system's replication overwrite protection: ENABLED, DISABLED or REPLICATING. */
  public String protection(String region, String fileSystemId) {
    FileSystemDescription description = describe(region, fileSystemId)
        .orElseThrow(() -> new UnsafeStateException("file system " + fileSystemId + " does not exist in " + region));
    return description.fileSystemProtection() == null
        ? "ENABLED"
        : description.fileSystemProtection().replicationOverwriteProtectionAsString();
  }

  /** The file system's description, or empty when the region does not know it. */
  public Optional<FileSystemDescription> describe(String region, String fileSystemId) {
    return AwsCalls.call("EFS DescribeFileSystems for " + fileSystemId + " in " + region, () -> {
      try {
        return clients.efs(region).describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems().stream().findFirst();
      } catch (FileSystemNotFoundException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * How many access points the file system has (DescribeAccessPoints, every page; each page is one
   * bounded call). Each PVC provisioned by the EFS CSI driver uses one.
   */
  public int accessPointCount(String region, String fileSystemId) {
    return AwsCalls.call("EFS DescribeAccessPoints for " + fileSystemId + " in " + region, () -> {
      int count = 0;
      String token = null;
      do {
        String next = token;
        var page = clients.efs(region).describeAccessPoints(r -> r.fileSystemId(fileSystemId).nextToken(next));
        count += page.accessPoints().size();
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
      return count;
    });
  }

  /** Disables replication overwrite protection: the file system becomes read-only, a replication target. */
  public void disableProtection(String region, String fileSystemId) {
    AwsCalls.call("EFS UpdateFileSystemProtection for " + fileSystemId + " in " + region, () ->
        clients.efs(region).updateFileSystemProtection(r -> r.fileSystemId(fileSystemId)
            .replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED)));
  }

  /** What CreateReplicationConfiguration answered: created (with its time, if EFS said), or refused for now. */
  public record Creation(boolean created, Instant createdAt) {}

  /**
   * Creates the replication of {@code from}'s file system onto {@code to}'s existing one, in
   * {@code from}'s region. {@code ReplicationAlreadyExists} (a file system is still in a
   * configuration, for instance one whose deletion one region has not finished) is an answer to
   * wait on, not a failure.
   */
  public Creation createReplication(Site from, Site to) {
    String pair = from.fileSystemId() + " (" + from.region() + ") -> " + to.fileSystemId() + " (" + to.region() + ")";
    return AwsCalls.call("EFS CreateReplicationConfiguration " + pair, () -> {
      try {
        return new Creation(true, clients.efs(from.region()).createReplicationConfiguration(r -> r.sourceFileSystemId(from.fileSystemId())
            .destinations(d -> d.fileSystemId(to.fileSystemId()).region(to.region()))).creationTime());
      } catch (ReplicationAlreadyExistsException e) {
        return new Creation(false, null);
      }
    });
  }

  /** Deletes the replication whose source is {@code sourceFileSystemId}; already gone counts as done. */
  public void deleteReplication(String region, String sourceFileSystemId, DeletionMode mode) {
    AwsCalls.call("EFS DeleteReplicationConfiguration (" + mode + ") for source " + sourceFileSystemId + " in " + region, () -> {
      try {
        clients.efs(region).deleteReplicationConfiguration(r -> r.sourceFileSystemId(sourceFileSystemId).deletionMode(mode));
      } catch (ReplicationNotFoundException e) {
        // already deleted: the desired state holds
      }
      return null;
    });
  }

  private static java.util.stream.Stream<ReplicationView> views(ReplicationConfigurationDescription description) {
    return description.destinations().stream().map(d -> view(description, d));
  }

  private static ReplicationView view(ReplicationConfigurationDescription description, Destination destination) {
    return new ReplicationView(
        description.sourceFileSystemId(),
        description.sourceFileSystemRegion(),
        destination.fileSystemId(),
        destination.region(),
        destination.statusAsString(),
        destination.statusMessage(),
        destination.lastReplicatedTimestamp(),
        description.creationTime());
  }
}
