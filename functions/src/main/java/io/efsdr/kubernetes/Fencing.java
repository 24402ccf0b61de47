package io.efsdr.kubernetes;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Stops the old primary's workloads when its cluster answers, so it stops writing before the DR
 * side becomes writable. Bounded by the plan's fencing timeout; when the primary region does not
 * answer the step records that fencing was skipped and the failover goes on: nothing on the DR
 * side may depend on the failed region. When the region answers but its workloads cannot be
 * stopped, the step fails before anything is promoted.
 */
public final class Fencing {
    private final WorkloadScaler scaler;
    private final Predicate<Site> regionAnswers;
    private final Clock clock;

    /**
     * @param regionAnswers whether a site's region answers AWS (EFS) calls: fencing may be skipped
     *     only when the primary region itself is down
     */
    public Fencing(WorkloadScaler scaler, Predicate<Site> regionAnswers, Clock clock) {
        this.scaler = scaler;
        this.regionAnswers = regionAnswers;
        this.clock = clock;
    }

    public FenceResult fence(DrPlan plan, RunContext run) {
        Instant started = clock.instant();
        long timeout = plan.timeouts().fencingSeconds();
        String cluster = plan.primary().clusterName();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ScaleResult> scaling = executor.submit(() -> scaler.scale(
                    plan.primary(),
                    plan.workloads().list(),
                    ReplicaLevel.ZERO,
                    plan.kubernetesConcurrency(),
                    plan.kubernetesRateLimit(),
                    run.dryRun(),
                    false));
            try {
                ScaleResult scale = scaling.get(timeout, TimeUnit.SECONDS);
                FenceOutcome outcome = run.dryRun()
                        ? FenceOutcome.DRY_RUN
                        : scale.scaled() == 0 ? FenceOutcome.ALREADY_STOPPED : FenceOutcome.FENCED;
                String summary = run.dryRun()
                        ? "dry run: " + scale.summary()
                        : scale.scaled() == 0
                                ? "the primary's workloads in " + cluster + " were already stopped"
                                : "fenced the primary: " + scale.summary();
                return new FenceResult(outcome, true, scale, summary, started, clock.instant());
            } catch (TimeoutException e) {
                scaling.cancel(true);
                return skipped(
                        plan,
                        "it did not answer within " + timeout + " s (some workloads may have been stopped)",
                        true,
                        started);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof DependencyUnavailableException
                        || cause instanceof UnsafeStateException
                        || cause instanceof PermissionDeniedException) {
                    return skipped(plan, cause.getMessage(), cause instanceof DependencyUnavailableException, started);
                }
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DependencyUnavailableException("interrupted while fencing " + cluster, e);
            }
        }
    }

    /**
     * Fencing could not be done. Going on is safe only when the primary region is down; if it
     * answers, its workloads may still write while the DR side becomes writable, so the step refuses.
     */
    private FenceResult skipped(DrPlan plan, String reason, boolean transientFailure, Instant started) {
        String cluster = plan.primary().clusterName();
        if (regionAnswers.test(plan.primary())) {
            String message = "could not stop the primary's workloads in " + cluster + " (" + reason
                    + "), yet the primary region "
                    + plan.primary().region()
                    + " answers: promoting now could leave writers in both regions; stop them by hand (or fix "
                    + "access to " + cluster + "), then redrive";
            throw transientFailure ? new DependencyUnavailableException(message) : new UnsafeStateException(message);
        }
        return new FenceResult(
                FenceOutcome.SKIPPED_UNREACHABLE,
                false,
                null,
                "fencing skipped: primary unreachable (" + cluster + ": " + reason
                        + "); if that region comes back, its workloads may "
                        + "write to the old primary file system: scale them to 0 there before anything else",
                started,
                clock.instant());
    }
}
