package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.plan.Poll;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Polls workloads until each runs exactly its wanted replicas, all ready; for zero, until no pod
 * of the workload is left, terminating ones included (they still write).
 * One call is one poll; the state machine waits between polls. Past the deadline it fails, naming
 * the workloads that are not ready.
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
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, timeoutSeconds);
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
                    "dry run: would wait up to " + timeoutSeconds + " s for " + workloads.size() + " workloads in "
                            + site.clusterName() + " to run their " + level.json() + " replicas",
                    first,
                    now);
        }
        KubernetesApi client = connections.client(site);
        List<WorkloadReadiness> states =
                Parallel.map(workloads, concurrency, w -> readiness(client, w, level.replicasOf(w)));
        int readyCount = (int) states.stream().filter(WorkloadReadiness::ready).count();
        boolean ready = readyCount == states.size();
        Instant finished = clock.instant();
        List<WorkloadReadiness> listed = states.stream()
                .sorted(Comparator.comparing(WorkloadReadiness::ready))
                .limit(WorkloadScaler.MAX_LISTED)
                .toList();
        List<String> waitingFor = states.stream()
                .filter(s -> !s.ready())
                .map(ReadinessChecker::waitingText)
                .limit(10)
                .toList();
        if (!ready && finished.isAfter(deadline)) {
            throw new StepTimeoutException((states.size() - readyCount) + " of " + states.size() + " workloads in "
                    + site.clusterName() + " did not reach their " + level.json() + " replicas within " + timeoutSeconds
                    + " s: "
                    + String.join(", ", waitingFor));
        }
        String summary = ready
                ? "all " + states.size() + " workloads in " + site.clusterName() + " run their " + level.json()
                        + " replicas after " + Duration.between(first, finished).toSeconds() + " s"
                : readyCount + " of " + states.size() + " workloads ready in " + site.clusterName() + "; waiting for "
                        + String.join(", ", waitingFor);
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
                finished);
    }

    private static String waitingText(WorkloadReadiness state) {
        if (state.desired() == 0 && state.podsLeft() > 0) {
            return state.workload() + " (" + state.podsLeft() + " pods left, terminating ones included)";
        }
        return state.workload() + " (" + state.readyReplicas() + "/" + state.desired() + " ready, " + state.replicas()
                + " running)";
    }

    private static WorkloadReadiness readiness(KubernetesApi client, Workload workload, int desired) {
        Optional<JsonNode> object = client.get(Paths.workload(workload));
        if (object.isEmpty()) {
            return new WorkloadReadiness(workload.id(), desired, 0, 0, desired == 0);
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
            return new WorkloadReadiness(workload.id(), desired, replicas, readyReplicas, ready);
        }
        if (!settled || replicas > 0) {
            return new WorkloadReadiness(workload.id(), desired, replicas, readyReplicas, false, Math.max(replicas, 1));
        }
        // A Deployment's status.replicas leaves terminating pods out (KEP-3973) and a terminating pod
        // keeps running, and writing, through its grace period: stopped means no pod at all.
        int podsLeft = PodSelector.pods(client, workload.namespace(), spec.path("selector"))
                .size();
        return new WorkloadReadiness(workload.id(), desired, podsLeft, 0, podsLeft == 0, podsLeft);
    }
}
