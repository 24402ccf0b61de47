package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.FaultPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The EFS world of both regions: file systems, their overwrite protection and the replication
 * configurations as each region records them.
 *
 * <p>Each replication configuration has one record per region involved (source and destination). A
 * region only sees its own record: {@code LOCAL_CONFIGURATION_ONLY} deletion leaves the other
 * region's record behind. A file system reads {@code REPLICATING} while its own region records it
 * as a destination; only {@code ENABLED} is writable.
 *
 * <p>Time-based transitions ({@code ENABLING -> ENABLED} after 10 s, {@code DELETING -> gone}
 * after {@link #setPromotionDelay}, plus {@link #setSideDeletionSkew} in the region that did not
 * receive the delete) are evaluated from the clock whenever the model is read or changed, and
 * take effect at the instant they were due; change listeners run after each observed transition,
 * after each successful mutating operation and after each test hook, on the calling thread,
 * outside the model's lock. Listeners should record rather than throw: an exception reaches the
 * caller (an HTTP caller then gets a 500). All methods are thread-safe.
 *
 * <p>The model also keeps its own ground truth, for reports rather than for the API: when each
 * file system was writable ({@link #writableHistory}) and every replication that ever existed
 * ({@link #replicationHistory}).
 */
public final class EfsModel {
    /** Account id used in every ARN and owner field. */
    public static final String ACCOUNT = "000000000000";

    public static final String ENABLED = "ENABLED";
    public static final String DISABLED = "DISABLED";
    public static final String REPLICATING = "REPLICATING";

    /** Time from creation to {@code ENABLED}. */
    private static final Duration ENABLING_DELAY = Duration.ofSeconds(10);

    /** How long before seeding seeded file systems and replications were created. */
    private static final Duration SEEDED_AGE = Duration.ofDays(1);

    private final Clock clock;
    private final FaultPlan faults;
    private final Object lock = new Object();
    private final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
    private final List<Replication> replications = new ArrayList<>();
    private final List<Replication> everCreated = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Duration promotionDelay = Duration.ofSeconds(60);
    private Duration replicationLag = Duration.ofSeconds(30);
    private Duration syncInterval = Duration.ZERO;
    private Duration syncJitter = Duration.ZERO;
    private long syncSeed;
    private Duration sideDeletionSkew = Duration.ofSeconds(30);
    private Duration policyPropagation = Duration.ofSeconds(180);
    private boolean deleteHangsWhileOtherRegionDown;

    /** The one instant the running operation happens at: due transitions and its own change. */
    private Instant operationTime;

    EfsModel(Clock clock, FaultPlan faults) {
        this.clock = clock;
        this.faults = faults;
    }

    // ---- seeding and configuration ----

    /**
     * Adds an available, writable file system ({@code ENABLED}) in {@code region}, created one day
     * before now.
     */
    public void addFileSystem(String region, String fileSystemId) {
        mutate(() -> {
            if (fileSystems.containsKey(fileSystemId)) {
                throw new IllegalArgumentException("file system exists: " + fileSystemId);
            }
            Instant createdAt = operationTime.minus(SEEDED_AGE);
            fileSystems.put(fileSystemId, new FileSystem(region, fileSystemId, createdAt));
            recordWritability(createdAt);
            return null;
        });
    }

    /**
     * Adds a healthy replication: {@code ENABLED}, initial sync complete, recorded in both regions,
     * created one day before now. Both file systems must exist and be in no other configuration.
     */
    public void addReplication(
            String sourceRegion, String sourceFileSystemId, String destinationRegion, String destinationFileSystemId) {
        mutate(() -> {
            FileSystem source = requireIn(sourceFileSystemId, sourceRegion);
            FileSystem destination = requireIn(destinationFileSystemId, destinationRegion);
            if (involved(source.id) || involved(destination.id)) {
                throw new IllegalStateException("file system already in a replication configuration");
            }
            Instant now = operationTime;
            Replication r = new Replication(source, destination, now.minus(SEEDED_AGE));
            r.enabledSeen = true;
            r.initialSyncDone = true;
            // A seeded replication has been syncing for a day: on a cadence, one of its syncs starts
            // as the world starts (the pessimistic phase for a failover started then).
            r.syncAnchor = now;
            r.firstSync = Long.MIN_VALUE;
            r.lastReplicated = syncSchedule(r).continuous()
                    ? now.minus(lag(r))
                    : syncSchedule(r).lastCompletedStart(now);
            destination.baseProtection = ENABLED;
            if (destination.writableSpans.isEmpty() && destination.createdAt.equals(destination.writableSince)) {
                // A seeded destination was never writable: it has been a destination since it was
                // seeded, so no sliver of "both regions writable" appears a day ago.
                destination.writableSince = null;
            }
            replications.add(r);
            everCreated.add(r);
            recordWritability(r.createdAt);
            return null;
        });
    }

    /**
     * Seeds what a graceful failover from {@code source} to {@code destination} that ended now
     * leaves behind: the replication between them existed for a day (seeded age) and its last sync
     * carried every write made on the source until now (the failover's final sync, proven), its
     * deletion began and ended now, so the destination was read-only until now and is writable from
     * now (EFS user guide, "Failing over": deleting the replication makes the destination writable);
     * the source stays writable, write-fenced by {@code fencePolicy}, a policy set one propagation
     * before now so that it is in effect for every mount from now on (as Fence Primary File System
     * waits for it, timeouts.fencePropagationSeconds). Kept in the replication history, as a real
     * past replication, for the ground truth. "Now" is {@code endedAt}, the world's start: the clock
     * runs while the world is seeded, and a fence in effect only from a few milliseconds after the
     * start would let a writer outside the plan that connects at the start write to the primary
     * (a seeding artefact, not a behaviour of EFS).
     */
    public void addPastFailover(
            String sourceRegion,
            String sourceFileSystemId,
            String destinationRegion,
            String destinationFileSystemId,
            String fencePolicy,
            Instant endedAt) {
        mutate(() -> {
            FileSystem source = requireIn(sourceFileSystemId, sourceRegion);
            FileSystem destination = requireIn(destinationFileSystemId, destinationRegion);
            if (involved(source.id) || involved(destination.id)) {
                throw new IllegalStateException("file system already in a replication configuration");
            }
            Instant now = Objects.requireNonNull(endedAt);
            Replication r = new Replication(source, destination, now.minus(SEEDED_AGE));
            r.enabledSeen = true;
            r.initialSyncDone = true;
            r.lastReplicated = now;
            r.deletionBeganAt = now;
            r.destinationReleasedAt = now;
            r.sides.clear();
            everCreated.add(r);
            if (destination.writableSpans.isEmpty() && destination.createdAt.equals(destination.writableSince)) {
                destination.writableSince = now;
            }
            source.policy = fencePolicy;
            source.fencedSince = now.minus(policyPropagation);
            return null;
        });
    }

    /** Sets how many access points DescribeAccessPoints reports for a file system. */
    public void setAccessPointCount(String fileSystemId, int count) {
        mutate(() -> {
            require(fileSystemId).accessPoints = count;
            return null;
        });
    }

    /**
     * Time the caller region's record of a deleted configuration stays {@code DELETING} before it is
     * gone (the other region's record stays {@link #setSideDeletionSkew} longer); default 60 s.
     * Deleting and making the destination writable "can take several minutes" (user guide, "Deleting
     * replication configurations"). Applies to deletions that start after the call.
     */
    public void setPromotionDelay(Duration delay) {
        synchronized (lock) {
            promotionDelay = delay;
        }
    }

    /**
     * How much longer the other region's record stays {@code DELETING} after an {@code
     * ALL_CONFIGURATIONS} delete than the caller region's own record; default 30 s. Each region drops
     * its own record and they need not do so at the same moment (DESIGN.md, EFS facts).
     */
    public void setSideDeletionSkew(Duration skew) {
        synchronized (lock) {
            sideDeletionSkew = Objects.requireNonNull(skew);
        }
    }

    /**
     * When true, an {@code ALL_CONFIGURATIONS} delete while the other region cannot be reached is
     * accepted and the caller region's record stays {@code DELETING} until a {@code
     * LOCAL_CONFIGURATION_ONLY} delete in that region; when false (default) it fails with a 500. In
     * a region outage EFS may accept the delete and stay {@code DELETING}, which is what {@code
     * LOCAL_CONFIGURATION_ONLY} is for (DESIGN.md, EFS facts; EFS API reference,
     * DeleteReplicationConfiguration, DeletionMode).
     */
    public void setDeleteHangsWhileSourceDown(boolean hangs) {
        synchronized (lock) {
            deleteHangsWhileOtherRegionDown = hangs;
        }
    }

    /**
     * The cadence of every replication's syncs (see {@link SyncSchedule}): one starts every {@code
     * interval}, moved by up to {@code jitter} either way (deterministic from {@code seed}); an
     * interval of 0 (the default) keeps the continuous model. Set it before seeding replications.
     */
    public void setSyncCadence(Duration interval, Duration jitter, long seed) {
        new SyncSchedule(interval, jitter, seed, Instant.EPOCH, 0, Duration.ZERO);
        synchronized (lock) {
            syncInterval = interval;
            syncJitter = jitter;
            syncSeed = seed;
        }
    }

    /** Replication lag of every configuration without its own; default 30 s. */
    public void setReplicationLag(Duration lag) {
        synchronized (lock) {
            replicationLag = lag;
        }
    }

    /**
     * Replication lag of one configuration ({@code null} returns it to the global lag). {@code
     * LastReplicatedTimestamp} never moves backwards: a larger lag holds it until time catches up.
     */
    public void setReplicationLag(String sourceFileSystemId, Duration lag) {
        mutate(() -> {
            replicationOf(sourceFileSystemId).lag = lag;
            return null;
        });
    }

    /** Stops {@code LastReplicatedTimestamp} of a configuration from advancing (a stuck sync). */
    public void freezeSync(String sourceFileSystemId) {
        mutate(() -> {
            replicationOf(sourceFileSystemId).frozen = true;
            return null;
        });
    }

    /** Lets a frozen sync advance again. */
    public void resumeSync(String sourceFileSystemId) {
        mutate(() -> {
            replicationOf(sourceFileSystemId).frozen = false;
            return null;
        });
    }

    /**
     * Forces the status of a configuration in every region's record ({@code ERROR}, {@code PAUSED},
     * {@code PAUSING}) with a message; {@code null} status returns to normal. The sync does not
     * advance while forced.
     */
    public void setReplicationStatus(String sourceFileSystemId, String status, String message) {
        mutate(() -> {
            Replication r = replicationOf(sourceFileSystemId);
            r.statusOverride = status;
            r.statusMessage = status == null ? null : message;
            return null;
        });
    }

    /**
     * How long a file system policy change takes before EFS applies it to clients that connect;
     * default 180 s. EFS user guide, "Creating file system policies": a policy change "can take
     * several minutes to take effect"; "Using IAM to control file system data access": the policy is
     * evaluated when a client connects (mounts), so a mount keeps what it was granted then. The
     * default is the pessimistic end of "several minutes" the orchestrator's plan also assumes.
     */
    public void setPolicyPropagation(Duration propagation) {
        synchronized (lock) {
            policyPropagation = Objects.requireNonNull(propagation);
        }
    }

    /** Runs {@code listener} after every change of the world; see the class comment. */
    public void addChangeListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    // ---- reads for tests and reports ----

    /** {@code ENABLED}, {@code DISABLED} or {@code REPLICATING}. */
    public String protection(String fileSystemId) {
        return read(() -> protectionOf(require(fileSystemId)));
    }

    /** Whether clients may write to the file system: only when protection is {@code ENABLED}. */
    public boolean isWritable(String fileSystemId) {
        return ENABLED.equals(protection(fileSystemId));
    }

    /** A client write: true when allowed, otherwise false and counted as refused. */
    public boolean attemptWrite(String fileSystemId) {
        return read(() -> {
            FileSystem fs = require(fileSystemId);
            if (ENABLED.equals(protectionOf(fs))) {
                return true;
            }
            fs.refusedWrites++;
            return false;
        });
    }

    /** Writes refused so far because the file system was read-only. */
    public int refusedWrites(String fileSystemId) {
        return read(() -> require(fileSystemId).refusedWrites);
    }

    /** The record {@code region} holds of the configuration whose source is given, if any. */
    public Optional<EfsReplicationView> replication(String region, String sourceFileSystemId) {
        return read(() -> replications.stream()
                .filter(r -> r.source.id.equals(sourceFileSystemId) && r.sides.containsKey(region))
                .findFirst()
                .map(r -> view(r, region)));
    }

    /** Every record held in {@code region}. */
    public List<EfsReplicationView> replications(String region) {
        return read(() -> replications.stream()
                .filter(r -> r.sides.containsKey(region))
                .map(r -> view(r, region))
                .toList());
    }

    /** Every file system with its protection and the record its own region holds for it. */
    public List<EfsFileSystemView> snapshot() {
        return read(() -> {
            List<EfsFileSystemView> out = new ArrayList<>();
            for (FileSystem fs : fileSystems.values()) {
                String protection = protectionOf(fs);
                EfsReplicationView record = replications.stream()
                        .filter(r -> r.sides.containsKey(fs.region) && r.involves(fs.id))
                        .findFirst()
                        .map(r -> view(r, fs.region))
                        .orElse(null);
                out.add(new EfsFileSystemView(fs.region, fs.id, ENABLED.equals(protection), protection, record));
            }
            return out;
        });
    }

    /**
     * The spans during which a file system was writable (protection {@code ENABLED}, so not a
     * destination in its own region), oldest first, each starting and ending at the instant the
     * transition was due; the last span has a {@code null} end while it is still writable. Ground
     * truth for reports, not what any API returns.
     */
    public List<Interval> writableHistory(String fileSystemId) {
        return read(() -> {
            FileSystem fs = require(fileSystemId);
            List<Interval> out = new ArrayList<>(fs.writableSpans);
            if (fs.writableSince != null) {
                out.add(new Interval(fs.writableSince, null));
            }
            return List.copyOf(out);
        });
    }

    // ---- file system policies (EFS API reference: PutFileSystemPolicy, DescribeFileSystemPolicy,
    // DeleteFileSystemPolicy) ----

    /**
     * PutFileSystemPolicy: replaces the file system's resource policy (the API reference: "the policy
     * must be a valid JSON"; at most 20,000 characters). Whether it write-fences the file system is
     * worked out from its statements, see {@link WritePolicy}.
     */
    public String putPolicy(String region, String fileSystemId, String policy) {
        return mutate(() -> {
            FileSystem fs = requireIn(fileSystemId, region);
            if (policy == null || policy.length() > 20_000 || !WritePolicy.isJsonObject(policy)) {
                throw new ServiceError(400, "InvalidPolicyException", "The policy is not a valid JSON policy document");
            }
            fs.policy = policy;
            updateFence(fs);
            return policy;
        });
    }

    /** DescribeFileSystemPolicy: the policy, or {@code PolicyNotFound} (404) when the file system has none. */
    public String policy(String region, String fileSystemId) {
        return read(() -> {
            FileSystem fs = requireIn(fileSystemId, region);
            if (fs.policy == null) {
                throw new ServiceError(404, "PolicyNotFound", "No policy found for file system " + fileSystemId);
            }
            return fs.policy;
        });
    }

    /** DeleteFileSystemPolicy: back to the default policy (full access for every client); none is no error. */
    public void deletePolicy(String region, String fileSystemId) {
        mutate(() -> {
            FileSystem fs = requireIn(fileSystemId, region);
            fs.policy = null;
            updateFence(fs);
            return null;
        });
    }

    /** Whether the file system's policy now denies ClientWrite to every client. Ground truth for reports. */
    public boolean isWriteFenced(String fileSystemId) {
        return read(() -> require(fileSystemId).fencedSince != null);
    }

    /**
     * The spans during which the file system's policy denied ClientWrite to everyone, oldest first;
     * the last has a {@code null} end while it is in place: the policy as the API holds it. Whom it
     * stops is {@link #writeFenceInEffect} and {@link #mountRefusesWrites}. Ground truth for reports.
     */
    public List<Interval> writeFenceHistory(String fileSystemId) {
        return read(() -> {
            FileSystem fs = require(fileSystemId);
            List<Interval> out = new ArrayList<>(fs.fenceSpans);
            if (fs.fencedSince != null) {
                out.add(new Interval(fs.fencedSince, null));
            }
            return List.copyOf(out);
        });
    }

    /**
     * The spans during which a client that connects is refused writes: each write-fence span moved
     * later by the policy propagation ({@link #setPolicyPropagation}), since a new policy, and the
     * removal of one, reach new mounts only once propagated. Ground truth for reports.
     */
    public List<Interval> writeFenceInEffect(String fileSystemId) {
        return read(() -> {
            FileSystem fs = require(fileSystemId);
            List<Interval> out = new ArrayList<>();
            for (Interval span : fs.fenceSpans) {
                out.add(new Interval(
                        span.from().plus(policyPropagation), span.to().plus(policyPropagation)));
            }
            if (fs.fencedSince != null) {
                out.add(new Interval(fs.fencedSince.plus(policyPropagation), null));
            }
            return List.copyOf(out);
        });
    }

    /**
     * Whether a client that mounted the file system at {@code mountedAt} is refused writes, for as
     * long as that mount lasts: it is when it connected while the fence was in effect for new
     * mounts ({@link #writeFenceInEffect}). A mount made before the fence propagated is never
     * refused; one made while it was in effect stays refused after the fence is removed, until the
     * client mounts again (a pod re-created). The rule every judge of "who can write" uses.
     */
    public boolean mountRefusesWrites(String fileSystemId, Instant mountedAt) {
        for (Interval span : writeFenceInEffect(fileSystemId)) {
            if (!mountedAt.isBefore(span.from()) && (span.to() == null || mountedAt.isBefore(span.to()))) {
                return true;
            }
        }
        return false;
    }

    private void updateFence(FileSystem fs) {
        boolean fenced = fs.policy != null && WritePolicy.deniesClientWriteToEveryone(fs.policy);
        if (fenced && fs.fencedSince == null) {
            fs.fencedSince = operationTime;
        } else if (!fenced && fs.fencedSince != null) {
            fs.fenceSpans.add(new Interval(fs.fencedSince, operationTime));
            fs.fencedSince = null;
        }
    }

    /**
     * Every replication configuration that ever existed, in the order it was created (seeded ones
     * included), with due syncs evaluated first. Ground truth for reports.
     */
    public List<ReplicationHistory> replicationHistory() {
        return read(() -> everCreated.stream()
                .map(r -> new ReplicationHistory(
                        r.source.id, r.destination.id, r.createdAt, r.lastReplicated, r.destinationReleasedAt))
                .toList());
    }

    /**
     * A span of time; {@code to} is {@code null} while it lasts.
     *
     * @param from start, inclusive
     * @param to end, exclusive, or {@code null}
     */
    public record Interval(Instant from, Instant to) {}

    /**
     * One replication configuration over its whole life.
     *
     * @param sourceFileSystemId source file system
     * @param destinationFileSystemId destination file system
     * @param createdAt when it was created
     * @param lastReplicatedAt the latest {@code LastReplicatedTimestamp} it reached (it stops when
     *     its deletion begins), or {@code null} if the initial sync never completed
     * @param destinationReleasedAt when the destination region's record went away and the
     *     destination became writable, or {@code null} while that record exists
     */
    public record ReplicationHistory(
            String sourceFileSystemId,
            String destinationFileSystemId,
            Instant createdAt,
            Instant lastReplicatedAt,
            Instant destinationReleasedAt) {}

    // ---- operations served over HTTP (region = caller's region) ----

    List<FileSystemState> describeFileSystems(String region, String fileSystemId) {
        return read(() -> {
            if (fileSystemId != null) {
                return List.of(state(requireIn(fileSystemId, region)));
            }
            return fileSystems.values().stream()
                    .filter(fs -> fs.region.equals(region))
                    .map(this::state)
                    .toList();
        });
    }

    List<EfsReplicationView> describeReplications(String region, String fileSystemId) {
        return read(() -> {
            List<EfsReplicationView> out = replications.stream()
                    .filter(r -> r.sides.containsKey(region))
                    .filter(r -> fileSystemId == null
                            || (r.source.id.equals(fileSystemId) && r.source.region.equals(region))
                            || (r.destination.id.equals(fileSystemId) && r.destination.region.equals(region)))
                    .map(r -> view(r, region))
                    .toList();
            if (fileSystemId != null && out.isEmpty()) {
                throw replicationNotFound(fileSystemId, region);
            }
            return out;
        });
    }

    void deleteReplication(String region, String sourceFileSystemId, String deletionMode) {
        mutate(() -> {
            Replication r = replications.stream()
                    .filter(x -> x.source.id.equals(sourceFileSystemId) && x.sides.containsKey(region))
                    .findFirst()
                    .orElseThrow(() -> replicationNotFound(sourceFileSystemId, region));
            Instant now = operationTime;
            Instant localDue = now.plus(promotionDelay);
            Side local = r.sides.get(region);
            String mode = deletionMode == null ? "ALL_CONFIGURATIONS" : deletionMode;
            switch (mode) {
                // EFS API reference, DeleteReplicationConfiguration, DeletionMode: ALL_CONFIGURATIONS
                // (the default) deletes the configuration in both the source and the destination
                // Region.
                case "ALL_CONFIGURATIONS" -> {
                    String other = region.equals(r.source.region) ? r.destination.region : r.source.region;
                    Side remote = other.equals(region) ? null : r.sides.get(other);
                    if (remote != null && !faults.isRegionReachable(other)) {
                        // In a region outage EFS may accept the delete and stay DELETING (DESIGN.md, EFS
                        // facts); the unreachable region's record is not touched.
                        if (deleteHangsWhileOtherRegionDown) {
                            local.markDeleting(now, null);
                            r.deletionBegan(now);
                            return null;
                        }
                        throw new ServiceError(
                                500,
                                "InternalServerError",
                                "Could not reach region "
                                        + other
                                        + " to delete its side of the replication configuration of "
                                        + sourceFileSystemId
                                        + "; retry, or use LOCAL_CONFIGURATION_ONLY");
                    }
                    local.markDeleting(now, localDue);
                    if (remote != null) {
                        // Each region drops its own record, not necessarily at the same moment (DESIGN.md,
                        // EFS facts; user guide, "Deleting replication configurations": deletion "can
                        // take several minutes to complete").
                        remote.markDeleting(now, localDue.plus(sideDeletionSkew));
                    }
                }
                // EFS API reference, DeleteReplicationConfiguration, DeletionMode:
                // LOCAL_CONFIGURATION_ONLY deletes only the local side, for when EFS cannot delete
                // both; it also finishes a local record left DELETING by an unreachable other region.
                case "LOCAL_CONFIGURATION_ONLY" -> {
                    if (local.deletingSince == null) {
                        local.markDeleting(now, localDue);
                    } else if (local.goneAt == null) {
                        local.goneAt = localDue;
                    }
                }
                default -> throw new ServiceError(400, "BadRequest", "Invalid deletionMode: " + deletionMode);
            }
            r.deletionBegan(now);
            return null;
        });
    }

    EfsReplicationView createReplication(
            String region, String sourceFileSystemId, String destinationRegion, String destinationFileSystemId) {
        return mutate(() -> {
            FileSystem source = requireIn(sourceFileSystemId, region);
            if (destinationFileSystemId == null) {
                throw new ServiceError(
                        400,
                        "BadRequest",
                        "The sandbox only replicates to an existing file system: set"
                                + " Destinations[0].FileSystemId");
            }
            String destRegion = destinationRegion == null ? region : destinationRegion;
            FileSystem destination = requireIn(destinationFileSystemId, destRegion);
            if (source == destination) {
                throw new ServiceError(400, "BadRequest", "Source and destination are the same");
            }
            if (!faults.isRegionReachable(destRegion)) {
                throw new ServiceError(500, "InternalServerError", "Could not reach destination region " + destRegion);
            }
            // EFS API reference, CreateReplicationConfiguration: "A file system can be part of only
            // one replication configuration"; the error is ReplicationAlreadyExists (HTTP 409,
            // "Returned if the file system is already included in a replication configuration").
            // ConflictException is for an encrypted source with an unencrypted destination (EFS API
            // reference, "ConflictException"). A record still DELETING in either region counts: each
            // region drops its own record on its own schedule (DESIGN.md, EFS facts).
            for (FileSystem fs : List.of(source, destination)) {
                if (involved(fs.id)) {
                    throw new ServiceError(
                            409,
                            "ReplicationAlreadyExists",
                            "File system " + fs.id + " is already included in a replication configuration");
                }
            }
            if (!DISABLED.equals(destination.baseProtection)) {
                throw new ServiceError(
                        400,
                        "BadRequest",
                        "Destination file system "
                                + destination.id
                                + " has ReplicationOverwriteProtection "
                                + destination.baseProtection
                                + "; set it to DISABLED first");
            }
            Replication r = new Replication(source, destination, operationTime);
            replications.add(r);
            everCreated.add(r);
            recordWritability(r.createdAt);
            return view(r, region);
        });
    }

    String updateProtection(String region, String fileSystemId, String protection) {
        return mutate(() -> {
            FileSystem fs = requireIn(fileSystemId, region);
            if (REPLICATING.equals(protectionOf(fs))) {
                throw new ServiceError(
                        409,
                        "ReplicationAlreadyExists",
                        "File system " + fileSystemId + " is the destination of a replication configuration");
            }
            if (!ENABLED.equals(protection) && !DISABLED.equals(protection)) {
                throw new ServiceError(400, "BadRequest", "ReplicationOverwriteProtection must be ENABLED or DISABLED");
            }
            fs.baseProtection = protection;
            recordWritability(operationTime);
            return protection;
        });
    }

    /** The access point ids of a file system in {@code region}, synthetic and stable. */
    List<String> accessPoints(String region, String fileSystemId) {
        return read(() -> {
            FileSystem fs = requireIn(fileSystemId, region);
            List<String> ids = new ArrayList<>(fs.accessPoints);
            for (int i = 0; i < fs.accessPoints; i++) {
                ids.add(String.format("fsap-%08x%09x", fs.id.hashCode(), i));
            }
            return ids;
        });
    }

    /** What DescribeFileSystems reports of one file system. */
    record FileSystemState(String region, String fileSystemId, Instant creationTime, String protection) {
        String arn() {
            return EfsModel.arn(region, fileSystemId);
        }
    }

    static String arn(String region, String fileSystemId) {
        return "arn:aws:elasticfilesystem:" + region + ":" + ACCOUNT + ":file-system/" + fileSystemId;
    }

    // ---- internals ----

    private <T> T read(Supplier<T> body) {
        return run(body, false);
    }

    private <T> T mutate(Supplier<T> body) {
        return run(body, true);
    }

    /**
     * Runs {@code body} under the lock after due transitions, at one instant ({@link
     * #operationTime}); notifies outside it.
     */
    private <T> T run(Supplier<T> body, boolean mutating) {
        T result;
        RuntimeException failure = null;
        boolean changed;
        synchronized (lock) {
            operationTime = clock.instant();
            changed = observe(operationTime);
            try {
                result = body.get();
            } catch (RuntimeException e) {
                failure = e;
                result = null;
            }
        }
        if (changed || (mutating && failure == null)) {
            fire();
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * Applies every transition due by now, in the order they were due and each at the instant it was
     * due (not when it is noticed), so the history is exact; true if any happened.
     */
    private boolean observe(Instant now) {
        boolean changed = false;
        record Due(Replication replication, String region, Instant at) {}
        List<Due> due = new ArrayList<>();
        for (Replication r : replications) {
            if (!r.enabledSeen && !now.isBefore(r.createdAt.plus(ENABLING_DELAY))) {
                r.enabledSeen = true;
                changed = true;
            }
            advanceSync(r, now);
            r.sides.forEach((region, side) -> {
                if (side.goneAt != null && !now.isBefore(side.goneAt)) {
                    due.add(new Due(r, region, side.goneAt));
                }
            });
        }
        due.sort(Comparator.comparing(Due::at));
        for (Due d : due) {
            Replication r = d.replication();
            r.sides.remove(d.region());
            // EFS API reference, DeleteReplicationConfiguration: "After a replication configuration is
            // deleted, the destination file system becomes Writeable and its replication overwrite
            // protection is re-enabled"; here when the destination region's own record is gone.
            if (d.region().equals(r.destination.region)) {
                r.destination.baseProtection = ENABLED;
                r.destinationReleasedAt = d.at();
            }
            recordWritability(d.at());
            changed = true;
        }
        replications.removeIf(r -> r.sides.isEmpty());
        return changed;
    }

    /** Opens or closes each file system's writable span at {@code at} after a change of state. */
    private void recordWritability(Instant at) {
        for (FileSystem fs : fileSystems.values()) {
            boolean writable = ENABLED.equals(protectionOf(fs));
            if (writable && fs.writableSince == null) {
                fs.writableSince = at;
            } else if (!writable && fs.writableSince != null) {
                if (at.isAfter(fs.writableSince)) {
                    fs.writableSpans.add(new Interval(fs.writableSince, at));
                }
                fs.writableSince = null;
            }
        }
    }

    private void advanceSync(Replication r, Instant now) {
        if (r.frozen || r.statusOverride != null || r.deletionBeganAt != null || !r.enabledSeen) {
            return;
        }
        // Nothing crosses while either region is down: the destination's LastReplicatedTimestamp (and
        // the TimeSinceLastSync metric) stands still until the source region is back (EFS user guide,
        // "Monitoring replication status": TimeSinceLastSync grows while replication cannot sync).
        if (!faults.isRegionReachable(r.source.region) || !faults.isRegionReachable(r.destination.region)) {
            return;
        }
        Duration lag = lag(r);
        SyncSchedule schedule = syncSchedule(r);
        if (!schedule.continuous()) {
            // On a cadence: LastReplicatedTimestamp is the start of the latest completed sync (EFS API
            // reference, Destination: changes made before it are on the destination).
            Instant completed = schedule.lastCompletedStart(now);
            if (completed == null) {
                return;
            }
            r.initialSyncDone = true;
            if (r.lastReplicated == null || completed.isAfter(r.lastReplicated)) {
                r.lastReplicated = completed;
            }
            return;
        }
        if (!r.initialSyncDone && now.isBefore(r.createdAt.plus(ENABLING_DELAY).plus(lag))) {
            return;
        }
        r.initialSyncDone = true;
        Instant candidate = now.minus(lag);
        if (r.lastReplicated == null || candidate.isAfter(r.lastReplicated)) {
            r.lastReplicated = candidate;
        }
    }

    private Duration lag(Replication r) {
        return r.lag != null ? r.lag : replicationLag;
    }

    /** When {@code r}'s syncs start: its first (initial) sync once it is ENABLED, unless seeded. */
    private SyncSchedule syncSchedule(Replication r) {
        Instant anchor = r.syncAnchor != null ? r.syncAnchor : r.createdAt.plus(ENABLING_DELAY);
        return new SyncSchedule(syncInterval, syncJitter, syncSeed, anchor, r.firstSync, lag(r));
    }

    private EfsReplicationView view(Replication r, String region) {
        Side side = r.sides.get(region);
        String status;
        String message = null;
        if (side.deletingSince != null) {
            status = "DELETING";
        } else if (r.statusOverride != null) {
            status = r.statusOverride;
            message = r.statusMessage;
        } else {
            status = r.enabledSeen ? "ENABLED" : "ENABLING";
        }
        return new EfsReplicationView(
                region,
                r.source.region,
                r.source.id,
                r.destination.region,
                r.destination.id,
                status,
                message,
                r.createdAt,
                r.lastReplicated);
    }

    private FileSystemState state(FileSystem fs) {
        return new FileSystemState(fs.region, fs.id, fs.createdAt, protectionOf(fs));
    }

    private String protectionOf(FileSystem fs) {
        boolean destinationHere =
                replications.stream().anyMatch(r -> r.destination == fs && r.sides.containsKey(fs.region));
        return destinationHere ? REPLICATING : fs.baseProtection;
    }

    private boolean involved(String fileSystemId) {
        return replications.stream().anyMatch(r -> r.involves(fileSystemId));
    }

    private Replication replicationOf(String sourceFileSystemId) {
        return replications.stream()
                .filter(r -> r.source.id.equals(sourceFileSystemId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replication from " + sourceFileSystemId));
    }

    private FileSystem require(String fileSystemId) {
        FileSystem fs = fileSystems.get(fileSystemId);
        if (fs == null) {
            throw new IllegalArgumentException("unknown file system " + fileSystemId);
        }
        return fs;
    }

    private FileSystem requireIn(String fileSystemId, String region) {
        FileSystem fs = fileSystems.get(fileSystemId);
        if (fs == null || !fs.region.equals(region)) {
            throw new ServiceError(
                    404, "FileSystemNotFound", "File system '" + fileSystemId + "' does not exist in " + region);
        }
        return fs;
    }

    private static ServiceError replicationNotFound(String fileSystemId, String region) {
        return new ServiceError(
                404,
                "ReplicationNotFound",
                "No replication configuration found for file system " + fileSystemId + " in " + region);
    }

    private static final class FileSystem {
        final String region;
        final String id;
        final Instant createdAt;
        String baseProtection = ENABLED;
        int accessPoints;
        int refusedWrites;
        final List<Interval> writableSpans = new ArrayList<>();
        Instant writableSince;
        String policy;
        final List<Interval> fenceSpans = new ArrayList<>();
        Instant fencedSince;

        FileSystem(String region, String id, Instant createdAt) {
            this.region = region;
            this.id = id;
            this.createdAt = createdAt;
        }
    }

    /** One region's record: {@code DELETING} from {@code deletingSince}, gone at {@code goneAt}. */
    private static final class Side {
        Instant deletingSince;

        /** When the record goes away; {@code null} while it is not deleting or hangs in DELETING. */
        Instant goneAt;

        /** Starts the deletion unless it already started (a repeated delete changes nothing). */
        void markDeleting(Instant now, Instant due) {
            if (deletingSince == null) {
                deletingSince = now;
                goneAt = due;
            }
        }
    }

    private static final class Replication {
        final FileSystem source;
        final FileSystem destination;
        final Instant createdAt;
        final Map<String, Side> sides = new LinkedHashMap<>();
        boolean enabledSeen;
        boolean initialSyncDone;
        boolean frozen;
        Instant lastReplicated;
        Instant deletionBeganAt;
        Instant destinationReleasedAt;
        Duration lag;
        /** Sync 0 starts here (null: once ENABLED); syncs numbered below {@code firstSync} never ran. */
        Instant syncAnchor;

        long firstSync;
        String statusOverride;
        String statusMessage;

        Replication(FileSystem source, FileSystem destination, Instant createdAt) {
            this.source = source;
            this.destination = destination;
            this.createdAt = createdAt;
            sides.put(source.region, new Side());
            sides.putIfAbsent(destination.region, new Side());
        }

        /**
         * Replication ends when its deletion begins: {@code LastReplicatedTimestamp} stops advancing,
         * also in a record left behind in another region (EFS API reference,
         * DeleteReplicationConfiguration: "Deleting a replication configuration ends the replication
         * process").
         */
        void deletionBegan(Instant now) {
            if (deletionBeganAt == null) {
                deletionBeganAt = now;
            }
        }

        boolean involves(String fileSystemId) {
            return source.id.equals(fileSystemId) || destination.id.equals(fileSystemId);
        }
    }
}
