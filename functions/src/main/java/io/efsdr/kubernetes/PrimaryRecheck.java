package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.Site;
import io.efsdr.plan.StopRecheck;
import io.efsdr.plan.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads stopped workloads again: their {@code metadata.generation}s (every change of a spec, a scale
 * included, bumps it: Kubernetes API conventions, "Metadata"), {@code spec.replicas} and pods. What
 * scales a workload back up need not do it within the stop's hold: Flux re-applies at its
 * Kustomization's {@code .spec.interval}, Argo CD's self-heal backs off up to 300 s, so a stop can
 * be undone minutes later, while the final sync is awaited.
 */
public final class PrimaryRecheck implements StopRecheck {
    private final KubernetesClusters connections;

    public PrimaryRecheck(KubernetesClusters connections) {
        this.connections = connections;
    }

    @Override
    public Evidence recheck(
            Site site,
            List<Workload> workloads,
            int concurrency,
            String stopFingerprint,
            Instant since,
            Instant fencePropagatedAt) {
        KubernetesApi client = connections.client(site);
        List<Seen> seen = Parallel.map(workloads, concurrency, w -> read(client, w, fencePropagatedAt));
        String fingerprint = ReadinessChecker.fingerprint(
                seen.stream().map(Seen::workload).toList(),
                seen.stream().map(Seen::generation).toList());
        boolean generationsMoved = !fingerprint.equals(stopFingerprint);
        int writers = 0;
        List<String> running = new ArrayList<>();
        for (Seen s : seen) {
            int wanted = fencePropagatedAt == null && s.pods() == 0 ? s.specReplicas() : 0;
            writers += s.writers() + wanted;
            if (s.specReplicas() > 0 || s.pods() > 0) {
                if (running.size() < MAX_LISTED) {
                    List<ScalingController> controllers = ScalingControllers.of(client, s.workload());
                    running.add(s.workload().id() + " (spec.replicas " + s.specReplicas() + ", " + s.pods() + " pods"
                            + (controllers.isEmpty()
                                    ? ", no known controller on it"
                                    : ": " + ScalingControllers.describeAll(controllers))
                            + ")");
                }
            }
        }
        boolean changed = generationsMoved || !running.isEmpty();
        String found = !changed
                ? "the plan's " + seen.size() + " workloads in " + site.clusterName()
                        + " are still stopped, their generations unchanged since the stop"
                : running.isEmpty()
                        ? "a workload's spec in " + site.clusterName()
                                + " changed since the stop (its generation moved), though none runs now"
                        : "scaled back up in " + site.clusterName() + " since the stop: " + String.join("; ", running);
        return new Evidence(changed, writers, found);
    }

    private static final int MAX_LISTED = 5;

    private record Seen(Workload workload, long generation, int specReplicas, int pods, int writers) {}

    /**
     * Pods in phase Succeeded or Failed have ended and write nothing; any other pod may write, a
     * terminating one through its grace period, except one created after the write fence had
     * propagated (EFS evaluates a file system policy when a client connects).
     */
    private static Seen read(KubernetesApi client, Workload workload, Instant fencePropagatedAt) {
        Optional<JsonNode> object = client.get(Paths.workload(workload));
        if (object.isEmpty()) {
            return new Seen(workload, -1, 0, 0, 0);
        }
        JsonNode spec = object.get().path("spec");
        long generation = object.get().path("metadata").path("generation").asLong(0);
        int pods = 0;
        int writers = 0;
        for (JsonNode pod : PodSelector.pods(client, workload.namespace(), spec.path("selector"))) {
            String phase = pod.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            pods++;
            String created = pod.path("metadata").path("creationTimestamp").asText("");
            boolean fenced = fencePropagatedAt != null
                    && !created.isEmpty()
                    && Instant.parse(created).isAfter(fencePropagatedAt);
            if (!fenced) {
                writers++;
            }
        }
        return new Seen(workload, generation, spec.path("replicas").asInt(1), pods, writers);
    }
}
