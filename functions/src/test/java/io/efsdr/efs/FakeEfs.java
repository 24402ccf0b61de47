package io.efsdr.efs;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/**
 * EFS in memory, for the decisions built on {@link EfsApi}: each region's own records of
 * replication configurations (a region describes only its own file systems' configurations, and
 * drops its record on its own schedule), each file system's protection, regions that do not
 * answer, and every write made, in order. A delete marks the caller region's record DELETING and
 * leaves its end to the test, as EFS takes minutes.
 */
public final class FakeEfs implements EfsApi {
    private final Map<String, List<ReplicationView>> records = new HashMap<>();
    private final Map<String, String> protections = new HashMap<>();
    private final Map<String, Integer> accessPoints = new HashMap<>();
    private final Map<String, String> policies = new HashMap<>();
    private final Set<String> unreachable = new HashSet<>();
    private final Set<String> unreadablePolicies = new HashSet<>();
    private final Map<DeletionMode, RuntimeException> deleteFailures = new HashMap<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private boolean replicationAlreadyExists;
    private Instant creationTime;

    /** A file system that exists in its region, writable (protection ENABLED). */
    public FakeEfs fileSystem(Site site) {
        return fileSystem(site, "ENABLED");
    }

    public FakeEfs fileSystem(Site site, String protection) {
        protections.put(key(site.region(), site.fileSystemId()), protection);
        return this;
    }

    /** {@code region} records the replication {@code from -> to}. */
    public FakeEfs record(String region, Site from, Site to, String status, Instant lastReplicatedAt) {
        return record(
                region,
                new ReplicationView(
                        from.fileSystemId(),
                        from.region(),
                        to.fileSystemId(),
                        to.region(),
                        ReplicationStatus.fromValue(status),
                        null,
                        lastReplicatedAt,
                        null));
    }

    public FakeEfs record(String region, ReplicationView view) {
        records.computeIfAbsent(region, r -> new ArrayList<>()).add(view);
        return this;
    }

    /** Both regions record {@code from -> to}, as EFS does for a working replication. */
    public FakeEfs replicating(Site from, Site to, String status, Instant lastReplicatedAt) {
        record(from.region(), from, to, status, lastReplicatedAt);
        return record(to.region(), from, to, status, lastReplicatedAt);
    }

    /** {@code region} no longer records any configuration. */
    public FakeEfs forget(String region) {
        records.remove(region);
        return this;
    }

    public FakeEfs unreachable(String region) {
        unreachable.add(region);
        return this;
    }

    /** Reads of the site's policy fail as unavailable, while every other call, writes included, answers. */
    public FakeEfs policyUnreadable(Site site) {
        unreadablePolicies.add(key(site.region(), site.fileSystemId()));
        return this;
    }

    public FakeEfs reachable(String region) {
        unreachable.remove(region);
        return this;
    }

    /** Deletes in {@code mode} fail with {@code failure} (after being recorded as attempted). */
    public FakeEfs failDeletes(DeletionMode mode, RuntimeException failure) {
        deleteFailures.put(mode, failure);
        return this;
    }

    /** CreateReplicationConfiguration answers ReplicationAlreadyExists. */
    public FakeEfs replicationAlreadyExists(boolean answer) {
        replicationAlreadyExists = answer;
        return this;
    }

    public FakeEfs creationTime(Instant time) {
        creationTime = time;
        return this;
    }

    public FakeEfs accessPoints(Site site, int count) {
        accessPoints.put(key(site.region(), site.fileSystemId()), count);
        return this;
    }

    /** Every write, in order: "delete REGION SOURCE MODE", "disableProtection REGION FS", "create FROM -> TO". */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    public List<ReplicationView> recorded(String region) {
        return List.copyOf(records.getOrDefault(region, List.of()));
    }

    @Override
    public List<ReplicationView> replications(String region, String fileSystemId) {
        answer(region);
        return records.getOrDefault(region, List.of()).stream()
                .filter(v -> v.sourceFileSystemId().equals(fileSystemId)
                        || v.destinationFileSystemId().equals(fileSystemId))
                .toList();
    }

    @Override
    public ReplicationOverwriteProtection protection(String region, String fileSystemId) {
        answer(region);
        String protection = protections.get(key(region, fileSystemId));
        if (protection == null) {
            throw new UnsafeStateException("file system " + fileSystemId + " does not exist in " + region);
        }
        return ReplicationOverwriteProtection.fromValue(protection);
    }

    @Override
    public boolean exists(String region, String fileSystemId) {
        answer(region);
        return protections.containsKey(key(region, fileSystemId));
    }

    @Override
    public int accessPointCount(String region, String fileSystemId) {
        answer(region);
        return accessPoints.getOrDefault(key(region, fileSystemId), 0);
    }

    @Override
    public void disableProtection(String region, String fileSystemId) {
        answer(region);
        writes.add("disableProtection " + region + " " + fileSystemId);
        protections.put(key(region, fileSystemId), "DISABLED");
    }

    @Override
    public void enableProtection(String region, String fileSystemId) {
        answer(region);
        writes.add("enableProtection " + region + " " + fileSystemId);
        protections.put(key(region, fileSystemId), "ENABLED");
    }

    @Override
    public Creation createReplication(Site from, Site to) {
        answer(from.region());
        writes.add("create " + from.fileSystemId() + " -> " + to.fileSystemId());
        if (replicationAlreadyExists) {
            return new Creation(false, null);
        }
        replicating(from, to, "ENABLING", null);
        protections.put(key(to.region(), to.fileSystemId()), "REPLICATING");
        return new Creation(true, creationTime);
    }

    @Override
    public void deleteReplication(String region, String sourceFileSystemId, DeletionMode mode) {
        answer(region);
        writes.add("delete " + region + " " + sourceFileSystemId + " " + mode);
        RuntimeException failure = deleteFailures.get(mode);
        if (failure != null) {
            throw failure;
        }
        List<ReplicationView> local = records.getOrDefault(region, new ArrayList<>());
        local.replaceAll(v -> v.sourceFileSystemId().equals(sourceFileSystemId) ? deleting(v) : v);
    }

    @Override
    public String arn(String region, String fileSystemId) {
        answer(region);
        return "arn:aws:elasticfilesystem:" + region + ":111122223333:file-system/" + fileSystemId;
    }

    @Override
    public Optional<String> policy(String region, String fileSystemId) {
        answer(region);
        if (unreadablePolicies.contains(key(region, fileSystemId))) {
            throw new DependencyUnavailableException("DescribeFileSystemPolicy in " + region + " timed out");
        }
        return Optional.ofNullable(policies.get(key(region, fileSystemId)));
    }

    @Override
    public void putPolicy(String region, String fileSystemId, String policy) {
        answer(region);
        writes.add("putPolicy " + region + " " + fileSystemId);
        policies.put(key(region, fileSystemId), policy);
    }

    @Override
    public void deletePolicy(String region, String fileSystemId) {
        answer(region);
        writes.add("deletePolicy " + region + " " + fileSystemId);
        policies.remove(key(region, fileSystemId));
    }

    /** Gives the file system a resource policy, as an operator might have. */
    public FakeEfs policy(Site site, String policy) {
        policies.put(key(site.region(), site.fileSystemId()), policy);
        return this;
    }

    /** The file system's policy, null when none. */
    public String policyOf(Site site) {
        return policies.get(key(site.region(), site.fileSystemId()));
    }

    private static ReplicationView deleting(ReplicationView v) {
        return new ReplicationView(
                v.sourceFileSystemId(),
                v.sourceRegion(),
                v.destinationFileSystemId(),
                v.destinationRegion(),
                ReplicationStatus.DELETING,
                null,
                v.lastReplicatedAt(),
                v.createdAt());
    }

    private void answer(String region) {
        if (unreachable.contains(region)) {
            throw new DependencyUnavailableException("EFS in " + region + " could not be reached");
        }
    }

    private static String key(String region, String fileSystemId) {
        return region + "/" + fileSystemId;
    }
}
