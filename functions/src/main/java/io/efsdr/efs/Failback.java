package io.efsdr.efs;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadCensus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * The EFS side of returning to the primary region: check that the DR side is the active one,
 * remove what a region-down failover left behind, replicate one site onto the other's existing
 * file system, and wait for syncs newer than a given moment. Every method can run again.
 */
public final class Failback {
  private final FileSystems fileSystems;
  private final WorkloadCensus census;
  private final Clock clock;

  public Failback(FileSystems fileSystems, WorkloadCensus census, Clock clock) {
    this.fileSystems = fileSystems;
    this.census = census;
    this.clock = clock;
  }

  /**
   * The DR file system is writable and no replication targets it; the primary region and cluster
   * answer; and the primary is not already serving (its pods running while the DR side's are all
   * stopped would mean a previous failback already went past promotion: replicating DR onto it
   * now would overwrite what it wrote since).
   */
  public PreconditionResult checkPreconditions(DrPlan plan) {
    Instant started = clock.instant();
    Site dr = plan.dr();
    Site primary = plan.primary();
    for (ReplicationView view : fileSystems.replications(dr.region(), dr.fileSystemId())) {
      if (view.destinationFileSystemId().equals(dr.fileSystemId())) {
        throw new UnsafeStateException("failback needs the DR side active, but " + dr.region() + " records replication "
            + view.sourceFileSystemId() + " -> " + dr.fileSystemId() + " (" + view.status() + "): fail over first");
      }
    }
    String drProtection = fileSystems.protection(dr.region(), dr.fileSystemId());
    if (ReplicationOverwriteProtection.DISABLED.toString().equals(drProtection)) {
      throw new UnsafeStateException(dr.fileSystemId() + " has replication overwrite protection DISABLED (read-only): "
          + "the DR side is not serving; enable it or fail over first");
    }
    try {
      fileSystems.protection(primary.region(), primary.fileSystemId());
    } catch (DependencyUnavailableException e) {
      throw new UnsafeStateException("the primary region " + primary.region() + " does not answer EFS yet: " + e.getMessage(), e);
    }
    int primaryRunning;
    try {
      primaryRunning = census.runningReplicas(primary, plan.workloads().items(), plan.kubernetesConcurrency());
    } catch (DependencyUnavailableException e) {
      throw new UnsafeStateException("the primary cluster " + primary.clusterName() + " does not answer yet: " + e.getMessage(), e);
    }
    int drRunning = census.runningReplicas(dr, plan.workloads().items(), plan.kubernetesConcurrency());
    if (drRunning == 0 && primaryRunning > 0) {
      throw new UnsafeStateException("the primary already runs " + primaryRunning + " pods while the DR side runs none: "
          + "it looks active already, and replicating DR onto it would overwrite what it wrote; refusing");
    }
    String summary = "DR side active (" + dr.fileSystemId() + " writable, " + drRunning + " pods); primary region and cluster answer"
        + (primaryRunning > 0 ? "; WARNING: " + primaryRunning + " primary pods are running and will be stopped first" : "");
    return new PreconditionResult(drRunning, primaryRunning, summary, started, clock.instant());
  }

  /**
   * Deletes, locally in the primary region, the record of replication primary -> DR that a
   * LOCAL_CONFIGURATION_ONLY promotion left there, and reports done once it is gone: a file system
   * can be in one configuration only, so it must be gone before DR -> primary is created. Polled
   * like the other waits, bounded by the plan's promotion timeout.
   */
  public CleanupResult cleanUpStale(DrPlan plan, RunContext run, CleanupResult previous) {
    Instant now = clock.instant();
    Poll poll = Poll.next(previous, now, plan.timeouts().promotionSeconds());
    boolean repaired = previous != null && previous.startedAt() != null
        && ("DELETED_STALE".equals(previous.action()) || "DELETING".equals(previous.action()));
    Site primary = plan.primary();
    Optional<ReplicationView> stale = fileSystems.replications(primary.region(), primary.fileSystemId()).stream()
        .filter(v -> v.sourceFileSystemId().equals(primary.fileSystemId()))
        .findFirst();
    if (stale.isEmpty()) {
      return new CleanupResult(true, repaired ? "DELETED_STALE" : "NOTHING_TO_CLEAN", poll.number(), poll.deadline(),
          repaired ? "repaired: deleted the stale record of replication " + primary.fileSystemId() + " -> "
              + plan.dr().fileSystemId() + " left in " + primary.region() + " by the region-down failover"
              : "no stale replication recorded in " + primary.region(), poll.first(), clock.instant());
    }
    String pair = stale.get().sourceFileSystemId() + " -> " + stale.get().destinationFileSystemId();
    if (run.dryRun()) {
      return new CleanupResult(true, "DRY_RUN", poll.number(), poll.deadline(), "dry run: would delete the stale record of "
          + "replication " + pair + " in " + primary.region() + " (LOCAL_CONFIGURATION_ONLY)", poll.first(), clock.instant());
    }
    if (clock.instant().isAfter(poll.deadline())) {
      throw new StepTimeoutException("the stale record of replication " + pair + " in " + primary.region()
          + " is still there after " + plan.timeouts().promotionSeconds() + " s (" + stale.get().status() + ")");
    }
    if (!"DELETING".equals(stale.get().status())) {
      fileSystems.deleteReplication(primary.region(), primary.fileSystemId(), DeletionMode.LOCAL_CONFIGURATION_ONLY);
    }
    return new CleanupResult(false, "DELETING", poll.number(), poll.deadline(), "deleting the stale record of replication "
        + pair + " left in " + primary.region() + " by the region-down failover", poll.first(), clock.instant());
  }

  /**
   * Replicates {@code source}'s file system onto the other site's existing one: its overwrite
   * protection is disabled first (it becomes read-only, so its writers must be stopped before),
   * then the configuration is created in the source region.
   */
  public ReplicationSetup replicate(DrPlan plan, RunContext run, Target source) {
    Instant started = clock.instant();
    Site from = plan.site(source);
    Site to = plan.site(source == Target.DR ? Target.PRIMARY : Target.DR);
    String pair = from.fileSystemId() + " (" + from.region() + ") -> " + to.fileSystemId() + " (" + to.region() + ")";
    List<ReplicationView> existing = fileSystems.replications(from.region(), from.fileSystemId());
    for (ReplicationView view : existing) {
      if (view.sourceFileSystemId().equals(from.fileSystemId()) && view.destinationFileSystemId().equals(to.fileSystemId())
          && !"DELETING".equals(view.status())) {
        Instant createdAt = view.createdAt() != null ? view.createdAt() : started;
        return new ReplicationSetup("ALREADY_EXISTS", from.fileSystemId(), to.fileSystemId(), createdAt,
            "replication " + pair + " already exists (" + view.status() + ")", started, clock.instant());
      }
      throw new UnsafeStateException(from.region() + " records replication " + view.sourceFileSystemId() + " -> "
          + view.destinationFileSystemId() + " (" + view.status() + "): a file system can be in one replication only; "
          + "wait for a deletion to finish or remove it, then redrive");
    }
    if (run.dryRun()) {
      return new ReplicationSetup("DRY_RUN", from.fileSystemId(), to.fileSystemId(), started,
          "dry run: would disable overwrite protection on " + to.fileSystemId() + " and create replication " + pair,
          started, clock.instant());
    }
    String protection = fileSystems.protection(to.region(), to.fileSystemId());
    if (!ReplicationOverwriteProtection.DISABLED.toString().equals(protection)) {
      fileSystems.disableProtection(to.region(), to.fileSystemId());
    }
    Instant created = fileSystems.createReplication(from, to);
    Instant createdAt = created != null ? created : started;
    return new ReplicationSetup("CREATED", from.fileSystemId(), to.fileSystemId(), createdAt,
        "disabled overwrite protection on " + to.fileSystemId() + " (read-only now) and created replication " + pair,
        started, clock.instant());
  }

  /**
   * One poll of a sync wait on the replication from {@code source}: done when it is ENABLED and,
   * if {@code requireSync}, its last sync is later than {@code after}. Bounded by the plan's
   * {@code syncSeconds}.
   */
  public SyncCheck checkSync(DrPlan plan, RunContext run, Target source, Instant after, boolean requireSync, SyncCheck previous) {
    Instant now = clock.instant();
    Poll poll = Poll.next(previous, now, plan.timeouts().syncSeconds());
    Site from = plan.site(source);
    Site to = plan.site(source == Target.DR ? Target.PRIMARY : Target.DR);
    if (run.dryRun()) {
      return new SyncCheck(true, "DRY_RUN", null, null, after, poll.number(), poll.deadline(),
          "dry run: would wait up to " + plan.timeouts().syncSeconds() + " s for replication " + from.fileSystemId() + " -> "
              + to.fileSystemId() + (requireSync ? " to sync past " + after : " to be ENABLED"), poll.first(), now);
    }
    if (requireSync && after == null) {
      throw new UnsafeStateException("a sync wait needs the moment the sync must pass (input.after)");
    }
    ReplicationView view = fileSystems.replications(from.region(), from.fileSystemId()).stream()
        .filter(v -> v.sourceFileSystemId().equals(from.fileSystemId()) && v.destinationFileSystemId().equals(to.fileSystemId()))
        .findFirst()
        .orElseThrow(() -> new UnsafeStateException("replication " + from.fileSystemId() + " -> " + to.fileSystemId()
            + " does not exist in " + from.region() + ": it must be created before waiting for its sync"));
    Instant finished = clock.instant();
    Instant last = view.lastReplicatedAt();
    Long age = last == null ? null : Math.max(0, Duration.between(last, finished).toSeconds());
    if (view.status().equals("ERROR") || view.status().startsWith("PAUS")) {
      throw new UnsafeStateException("replication " + from.fileSystemId() + " -> " + to.fileSystemId() + " is " + view.status()
          + (view.statusMessage() == null ? "" : ": " + view.statusMessage()));
    }
    boolean enabled = view.status().equals("ENABLED");
    boolean synced = enabled && (!requireSync || (last != null && last.isAfter(after)));
    String progress = "replication " + from.fileSystemId() + " -> " + to.fileSystemId() + " " + view.status()
        + (last == null ? ", no sync completed yet" : ", last sync " + last + " (" + age + " s ago)");
    if (synced) {
      return new SyncCheck(true, view.status(), last, age, after, poll.number(), poll.deadline(),
          progress + (requireSync ? ": every change before " + after + " is on " + to.fileSystemId() : ""), poll.first(), finished);
    }
    if (finished.isAfter(poll.deadline())) {
      throw new StepTimeoutException("no sync of " + from.fileSystemId() + " -> " + to.fileSystemId() + " later than " + after
          + " within " + plan.timeouts().syncSeconds() + " s: " + progress);
    }
    return new SyncCheck(false, view.status(), last, age, after, poll.number(), poll.deadline(),
        "waiting: " + progress + (requireSync ? "; need a sync later than " + after : ""), poll.first(), finished);
  }
}
