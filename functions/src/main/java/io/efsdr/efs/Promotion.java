package io.efsdr.efs;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;

/**
 * Makes the DR file system writable: assess the replication, delete it from the DR region with
 * the source id, and wait until the DR region records no replication and the file system is
 * writable. Every method can run again with the same result.
 */
public final class Promotion {
  private final AwsClients clients;
  private final FileSystems fileSystems;
  private final Clock clock;

  public Promotion(AwsClients clients, FileSystems fileSystems, Clock clock) {
    this.clients = clients;
    this.fileSystems = fileSystems;
    this.clock = clock;
  }

  /** Reads the replication in the DR region and measures the data-loss window. */
  public ReplicationAssessment assess(DrPlan plan) {
    Instant started = clock.instant();
    String region = plan.dr().region();
    String drFs = plan.dr().fileSystemId();
    Optional<ReplicationView> view = expectedReplication(plan, fileSystems.replications(region, drFs));
    String protection = fileSystems.protection(region, drFs);
    Instant now = clock.instant();
    if (view.isEmpty()) {
      boolean writable = "ENABLED".equals(protection);
      String summary = writable
          ? "no replication recorded for " + drFs + " and it is writable: already promoted (a re-run); the data-loss window was measured by the first run"
          : "no replication recorded for " + drFs + " but its protection is " + protection + ": it will be checked after promotion";
      return new ReplicationAssessment(drFs, null, "NONE", null, protection, null, null, true, writable, summary, started, now);
    }
    ReplicationView replication = view.get();
    Long window = replication.lastReplicatedAt() == null ? null
        : Math.max(0, Duration.between(replication.lastReplicatedAt(), now).toSeconds());
    boolean withinRpo = window != null && window <= plan.rpoSeconds();
    StringBuilder summary = new StringBuilder()
        .append("replication ").append(replication.sourceFileSystemId()).append(" (").append(replication.sourceRegion())
        .append(") -> ").append(drFs).append(" is ").append(replication.status());
    if (replication.statusMessage() != null) {
      summary.append(" (").append(replication.statusMessage()).append(")");
    }
    if (window == null) {
      summary.append("; no sync has completed yet: everything on the primary may be lost");
    } else {
      summary.append("; last sync ").append(replication.lastReplicatedAt()).append(": changes of the last ")
          .append(window).append(" s may be lost (RPO ").append(plan.rpoSeconds()).append(" s")
          .append(withinRpo ? ", met)" : ", EXCEEDED)");
    }
    return new ReplicationAssessment(drFs, replication.sourceFileSystemId(), replication.status(), replication.statusMessage(),
        protection, replication.lastReplicatedAt(), window, withinRpo, false, summary.toString(), started, clock.instant());
  }

  /**
   * Deletes the replication from the DR region. ALL_CONFIGURATIONS first; only when that fails and
   * the primary region is confirmed unreachable, LOCAL_CONFIGURATION_ONLY, which leaves the
   * primary side's record for failback to clean up.
   */
  public PromotionResult promote(DrPlan plan, RunContext run) {
    Instant started = clock.instant();
    String region = plan.dr().region();
    String source = plan.primary().fileSystemId();
    Optional<ReplicationView> view = expectedReplication(plan, fileSystems.replications(region, plan.dr().fileSystemId()));
    if (view.isEmpty()) {
      return new PromotionResult("ALREADY_PROMOTED", null,
          "the DR region records no replication for " + plan.dr().fileSystemId() + ": nothing to delete", started, clock.instant());
    }
    if ("DELETING".equals(view.get().status())) {
      return new PromotionResult("ALREADY_DELETING", null,
          "replication " + source + " -> " + plan.dr().fileSystemId() + " is already being deleted", started, clock.instant());
    }
    if (run.dryRun()) {
      return new PromotionResult("DRY_RUN", null,
          "dry run: would delete replication " + source + " -> " + plan.dr().fileSystemId() + " in " + region
              + " (ALL_CONFIGURATIONS; LOCAL_CONFIGURATION_ONLY if the primary region cannot be reached)", started, clock.instant());
    }
    try {
      delete(region, source, DeletionMode.ALL_CONFIGURATIONS);
      return new PromotionResult("DELETED", "ALL_CONFIGURATIONS",
          "deleted replication " + source + " -> " + plan.dr().fileSystemId() + " on both sides", started, clock.instant());
    } catch (DependencyUnavailableException | UnsafeStateException e) {
      if (primaryReachable(plan)) {
        throw e;
      }
      delete(region, source, DeletionMode.LOCAL_CONFIGURATION_ONLY);
      return new PromotionResult("DELETED_LOCAL_ONLY", "LOCAL_CONFIGURATION_ONLY",
          "the primary region " + plan.primary().region() + " could not be reached, so only the DR side of replication "
              + source + " -> " + plan.dr().fileSystemId() + " was deleted (LOCAL_CONFIGURATION_ONLY); "
              + "its primary-side record remains and failback deletes it first", started, clock.instant());
    }
  }

  /** One poll of the promotion wait; fails once the plan's promotion timeout has passed. */
  public PromotionCheck checkPromoted(DrPlan plan, RunContext run, PromotionCheck previous) {
    Instant now = clock.instant();
    Poll poll = Poll.next(previous, now, plan.timeouts().promotionSeconds());
    Instant first = poll.first();
    int polls = poll.number();
    Instant deadline = poll.deadline();
    String drFs = plan.dr().fileSystemId();
    if (run.dryRun()) {
      return new PromotionCheck(true, "DRY_RUN", null, polls, deadline, null,
          "dry run: would wait up to " + plan.timeouts().promotionSeconds() + " s for " + drFs + " to become writable",
          first, now);
    }
    String region = plan.dr().region();
    List<ReplicationView> views = fileSystems.replications(region, drFs);
    String protection = fileSystems.protection(region, drFs);
    String status = views.isEmpty() ? "NONE" : views.get(0).status();
    boolean promoted = views.isEmpty() && "ENABLED".equals(protection);
    Instant finished = clock.instant();
    if (promoted) {
      String lostAndFound = "efs-replication-lost+found-" + plan.primary().fileSystemId() + "-<timestamp>";
      return new PromotionCheck(true, status, protection, polls, deadline, lostAndFound,
          drFs + " is writable after " + Duration.between(first, finished).toSeconds() + " s (" + polls
              + " checks); if EFS made a directory " + lostAndFound + " in its root, it holds files that were not replicated: review it",
          first, finished);
    }
    if (finished.isAfter(deadline)) {
      throw new StepTimeoutException(drFs + " is still not writable after " + plan.timeouts().promotionSeconds()
          + " s (replication " + status + ", protection " + protection + "): check the replication in the EFS console of "
          + region + ", then redrive");
    }
    return new PromotionCheck(false, status, protection, polls, deadline, null,
        "waiting for " + drFs + " to become writable: replication " + status + ", protection " + protection,
        first, finished);
  }

  /** Whether the primary region's EFS answers for the primary file system within the call bound. */
  public boolean primaryReachable(DrPlan plan) {
    try {
      return fileSystems.describe(plan.primary().region(), plan.primary().fileSystemId()).isPresent();
    } catch (DependencyUnavailableException e) {
      return false;
    }
  }

  private void delete(String region, String sourceFileSystemId, DeletionMode mode) {
    AwsCalls.call("EFS DeleteReplicationConfiguration (" + mode + ") for source " + sourceFileSystemId + " in " + region, () -> {
      try {
        clients.efs(region).deleteReplicationConfiguration(r -> r.sourceFileSystemId(sourceFileSystemId).deletionMode(mode));
      } catch (ReplicationNotFoundException e) {
        // already deleted: the desired state holds
      }
      return null;
    });
  }

  /**
   * The replication primary -> DR among what the DR region records; refuses a configuration that
   * involves the DR file system in any other way, since acting on it could destroy data.
   */
  private static Optional<ReplicationView> expectedReplication(DrPlan plan, List<ReplicationView> views) {
    String drFs = plan.dr().fileSystemId();
    for (ReplicationView view : views) {
      if (view.sourceFileSystemId().equals(plan.primary().fileSystemId()) && view.destinationFileSystemId().equals(drFs)) {
        return Optional.of(view);
      }
      throw new UnsafeStateException("the DR region records replication " + view.sourceFileSystemId() + " -> "
          + view.destinationFileSystemId() + " (" + view.status() + "), not " + plan.primary().fileSystemId() + " -> " + drFs
          + ": the DR file system is not the destination of the plan's primary; refusing to promote");
    }
    return Optional.empty();
  }
}
