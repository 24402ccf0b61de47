package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.Poll;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Polls workloads until each runs exactly its wanted replicas, all ready; for zero, until no pod
 * of the workload that may still write is left, terminating ones and ones in phase Unknown included;
 * pods that ended (phase Failed or Succeeded) are not writers and do not hold a stop ({@link
 * PodActivity}).
 * One call is one poll; the state machine waits between polls. Past the deadline it fails, naming
 * the workloads that are not ready. A stop counts only once it has held for {@link #SETTLE_SECONDS}
 * and fails when a controller scaled a workload back (see {@link ScalingControllers}).
 */
public final class ReadinessChecker {
    private final KubernetesClusters connections;
    private final Clock clock;

    public ReadinessChecker(KubernetesClusters connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    public ReadinessCheck check(
            Site site,
            List<Workload> workloads,
            ReplicaLevel level,
            int concurrency,
            long timeoutSeconds,
            boolean dryRun,
            ReadinessCheck previous) {
        return check(site, workloads, level, concurrency, timeoutSeconds, dryRun, previous, 0, List.of());
    }

    /**
     * As {@link #check(Site, List, ReplicaLevel, int, long, boolean, ReadinessCheck)} in an
     * execution redriven {@code redriveCount} times (a bound that ran out before a redrive starts
     * again, once: see {@link Poll#next(Poll.Polled, Instant, long, int)}), with {@code held} the
     * workloads a return to standby holds at 0 (already at standby 0 in {@code workloads}; see
     * {@link io.efsdr.plan.StandbyHold}), named in the answer.
     */
    public ReadinessCheck check(
            Site site,
            List<Workload> workloads,
            ReplicaLevel level,
            int concurrency,
            long timeoutSeconds,
            boolean dryRun,
            ReadinessCheck previous,
            int redriveCount,
            List<String> held) {
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, timeoutSeconds, redriveCount);
        String holding = io.efsdr.plan.StandbyHold.describe(held, 10);
        Instant first = poll.first();
        int polls = poll.number();
        Instant deadline = poll.deadline();
        if (dryRun) {
            return new ReadinessCheck(
                            true,
                            site.clusterName(),
                            level.json(),
                            workloads.size(),
                            workloads.size(),
                            polls,
                            deadline,
                            List.of(),
                            "dry run: would wait up to " + timeoutSeconds + " s for " + workloads.size()
                                    + " workloads in " + site.clusterName() + " to run their " + level.json()
                                    + " replicas" + holding,
                            first,
                            now)
                    .polledAs(poll, held);
        }
        KubernetesApi client = connections.client(site);
        List<Observed> observed = Parallel.map(workloads, concurrency, w -> readiness(client, w, level.replicasOf(w)));
        List<WorkloadReadiness> states =
                observed.stream().map(Observed::readiness).toList();
        int readyCount = (int) states.stream().filter(WorkloadReadiness::ready).count();
        boolean allThere = readyCount == states.size();
        Instant finished = clock.instant();
        Instant zeroSince = null;
        String stopFingerprint = null;
        boolean ready = allThere;
        if (level == ReplicaLevel.ZERO) {
            Instant stoppedBefore = previous == null ? null : previous.zeroSince();
            refuseUndoneStops(client, site, observed, stoppedBefore);
            if (allThere) {
                // The hold counts from the first poll that saw every workload stopped, as long as no
                // spec changed since: a scale up and back down between two polls changes a
                // generation, and the hold starts again from this poll.
                stopFingerprint = generations(observed);
                boolean unchanged = stoppedBefore != null && stopFingerprint.equals(previous.stopFingerprint());
                zeroSince = unchanged ? stoppedBefore : finished;
                ready = !Duration.between(zeroSince, finished)
                        .minusSeconds(SETTLE_SECONDS)
                        .isNegative();
            }
        }
        List<WorkloadReadiness> listed = states.stream()
                .sorted(Comparator.comparing(WorkloadReadiness::ready))
                .limit(WorkloadScaler.MAX_LISTED)
                .toList();
        List<String> waitingFor = states.stream()
                .filter(s -> !s.ready())
                .map(ReadinessChecker::waitingText)
                .limit(10)
                .toList();
        if (!allThere && finished.isAfter(deadline)) {
            throw new StepTimeoutException((states.size() - readyCount) + " of " + states.size() + " workloads in "
                    + site.clusterName() + " did not reach their " + level.json() + " replicas within " + timeoutSeconds
                    + " s" + poll.restartNote() + ": "
                    + String.join(", ", waitingFor) + holding);
        }
        String summary = ready
                ? "all " + states.size() + " workloads in " + site.clusterName() + " run their " + level.json()
                        + " replicas after "
                        + Duration.between(first, finished).toSeconds() + " s"
                        + (zeroSince == null
                                ? ""
                                : ", and stayed stopped for "
                                        + Duration.between(zeroSince, finished).toSeconds() + " s")
                        + poll.restartNote() + holding
                : allThere
                        ? "all " + states.size() + " workloads in " + site.clusterName()
                                + " are stopped; re-checking after " + SETTLE_SECONDS
                                + " s that nothing scales them back"
                        : readyCount + " of " + states.size() + " workloads ready in " + site.clusterName()
                                + "; waiting for " + String.join(", ", waitingFor) + poll.restartNote() + holding;
        return new ReadinessCheck(
                        ready,
                        site.clusterName(),
                        level.json(),
                        states.size(),
                        readyCount,
                        polls,
                        deadline,
                        listed,
                        summary,
                        first,
                        finished,
                        zeroSince,
                        stopFingerprint)
                .polledAs(poll, held);
    }

    /** The workloads' {@code metadata.generation}s, whatever their order, as one short text. */
    private static String generations(List<Observed> observed) {
        return fingerprint(
                observed.stream().map(Observed::workload).toList(),
                observed.stream().map(Observed::generation).toList());
    }

    /** The fingerprint of {@code workloads} at {@code generations} (same order), whatever their order. */
    static String fingerprint(List<Workload> workloads, List<Long> generations) {
        long fingerprint = 0;
        for (int i = 0; i < workloads.size(); i++) {
            long one = 31L * workloads.get(i).id().hashCode() + generations.get(i);
            fingerprint += one * 0x9E3779B97F4A7C15L;
        }
        return Long.toHexString(fingerprint);
    }

    /**
     * A wait for zero follows a scale to zero, so a workload whose {@code spec.replicas} is above zero
     * again was scaled back by something else. That is certain once every workload had been seen
     * stopped ({@code stoppedBefore}), and named when a controller that does it is found on the
     * workload (Argo CD self-heal, Flux, an HPA or KEDA minimum): the step fails, naming it, rather
     * than waiting out its bound or reporting a stop that does not hold.
     */
    private static void refuseUndoneStops(
            KubernetesApi client, Site site, List<Observed> observed, Instant stoppedBefore) {
        List<String> undone = new ArrayList<>();
        for (Observed o : observed) {
            if (o.specReplicas() <= 0 || undone.size() >= MAX_UNDONE_LISTED) {
                continue;
            }
            List<ScalingController> controllers = ScalingControllers.of(client, o.workload());
            if (stoppedBefore != null || !controllers.isEmpty()) {
                undone.add(o.workload().id() + " (spec.replicas " + o.specReplicas() + "): "
                        + (controllers.isEmpty()
                                ? "no known controller found on it (look for an operator or a job that scales it)"
                                : ScalingControllers.describeAll(controllers)));
            }
        }
        if (!undone.isEmpty()) {
            throw new UnsafeStateException(undone.size() + " workload(s) in " + site.clusterName()
                    + " were scaled to 0 and "
                    + "scaled back up by a controller, so their writers keep running: " + String.join("; ", undone)
                    + ". Stop that controller from managing the replicas, scale the workloads to 0, then redrive");
        }
    }

    /** How long a stop must hold before a wait for zero counts it: two polls at the first wait. */
    public static final long SETTLE_SECONDS = 2 * Poll.FIRST_WAIT_SECONDS;

    private static final int MAX_UNDONE_LISTED = 5;

    private record Observed(Workload workload, WorkloadReadiness readiness, int specReplicas, long generation) {}

    private static String waitingText(WorkloadReadiness state) {
        if (state.desired() == 0 && state.podsLeft() > 0) {
            return state.workload() + " (" + state.podsLeft()
                    + " pods left that may still write, terminating ones included, phase Unknown too)";
        }
        return state.workload() + " (" + state.readyReplicas() + "/" + state.desired() + " ready, " + state.replicas()
                + " running)";
    }

    private static Observed readiness(KubernetesApi client, Workload workload, int desired) {
        Optional<JsonNode> object = client.get(Paths.workload(workload));
        if (object.isEmpty()) {
            return new Observed(workload, new WorkloadReadiness(workload.id(), desired, 0, 0, desired == 0), 0, -1);
        }
        JsonNode spec = object.get().path("spec");
        JsonNode status = object.get().path("status");
        int specReplicas = spec.path("replicas").asInt(1);
        int replicas = status.path("replicas").asInt(0);
        int readyReplicas = status.path("readyReplicas").asInt(0);
        long generation = object.get().path("metadata").path("generation").asLong(0);
        long observed = status.path("observedGeneration").asLong(generation);
        boolean settled = specReplicas == desired && observed >= generation;
        if (desired > 0) {
            boolean ready = settled && readyReplicas >= desired && replicas == desired;
            return new Observed(
                    workload,
                    new WorkloadReadiness(workload.id(), desired, replicas, readyReplicas, ready),
                    specReplicas,
                    generation);
        }
        if (!settled || replicas > 0) {
            return new Observed(
                    workload,
                    new WorkloadReadiness(
                            workload.id(), desired, replicas, readyReplicas, false, Math.max(replicas, 1)),
                    specReplicas,
                    generation);
        }
        // A Deployment's status.replicas leaves terminating pods out (KEP-3973) and a terminating pod
        // keeps running, and writing, through its grace period: stopped means no pod that may still
        // write, terminating and Unknown ones included, ended (Failed, Succeeded) ones not (PodActivity).
        int podsLeft = PodActivity.writers(PodSelector.pods(client, workload.namespace(), spec.path("selector")));
        return new Observed(
                workload,
                new WorkloadReadiness(workload.id(), desired, podsLeft, 0, podsLeft == 0, podsLeft),
                specReplicas,
                generation);
    }
}
