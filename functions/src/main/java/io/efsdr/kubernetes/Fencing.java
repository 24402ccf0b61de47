package io.efsdr.kubernetes;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops the old primary's workloads when its cluster answers, so it stops writing before the DR
 * side becomes writable. Bounded by the plan's fencing timeout; when the primary region or cluster
 * does not answer in time the step records that fencing was skipped and the failover goes on:
 * nothing on the DR side may depend on the failed region.
 */
public final class Fencing {
  private final WorkloadScaler scaler;
  private final Clock clock;

  public Fencing(WorkloadScaler scaler, Clock clock) {
    this.scaler = scaler;
    this.clock = clock;
  }

  public FenceResult fence(DrPlan plan, RunContext run) {
    Instant started = clock.instant();
    long timeout = plan.timeouts().fencingSeconds();
    String cluster = plan.primary().clusterName();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ScaleResult> scaling = executor.submit(() ->
          scaler.scale(plan.primary(), plan.workloads().items(), ReplicaLevel.ZERO, plan.kubernetesConcurrency(),
              plan.kubernetesRateLimit(), run.dryRun(), false));
      try {
        ScaleResult scale = scaling.get(timeout, TimeUnit.SECONDS);
        String outcome = run.dryRun() ? "DRY_RUN" : scale.scaled() == 0 ? "ALREADY_STOPPED" : "FENCED";
        String summary = run.dryRun() ? "dry run: " + scale.summary()
            : scale.scaled() == 0 ? "the primary's workloads in " + cluster + " were already stopped"
            : "fenced the primary: " + scale.summary();
        return new FenceResult(outcome, true, scale, summary, started, clock.instant());
      } catch (TimeoutException e) {
        scaling.cancel(true);
        return skipped(cluster, "it did not answer within " + timeout + " s (some workloads may have been stopped)", started);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DependencyUnavailableException || cause instanceof UnsafeStateException
            || cause instanceof PermissionDeniedException) {
          return skipped(cluster, cause.getMessage(), started);
        }
        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DependencyUnavailableException("interrupted while fencing " + cluster, e);
      }
    }
  }

  private FenceResult skipped(String cluster, String reason, Instant started) {
    return new FenceResult("SKIPPED_UNREACHABLE", false, null,
        "fencing skipped: primary unreachable (" + cluster + ": " + reason + "); if that region comes back, its workloads may "
            + "write to the old primary file system: scale them to 0 there before anything else",
        started, clock.instant());
  }
}
