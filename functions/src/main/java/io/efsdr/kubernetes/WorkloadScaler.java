package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sets workloads' replicas through the scale subresource, a bounded number of calls in flight.
 * Reads first (one LIST per namespace and kind) and writes only what differs, so a second run
 * changes nothing; a 409 makes it re-read that workload's scale and try again.
 */
public final class WorkloadScaler {
    static final int MAX_LISTED = 50;
    private static final int PAGE_SIZE = 500;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final KubernetesClusters connections;
    private final Clock clock;

    public WorkloadScaler(KubernetesClusters connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Scales every workload to its replicas at {@code level}, with at most {@code callsPerSecond}
     * Kubernetes calls a second (zero: unlimited).
     *
     * @param requireAll when true a workload missing from the cluster fails the step (after the
     *     others were scaled); when false it is only reported
     */
    public ScaleResult scale(
            Site site,
            List<Workload> workloads,
            ReplicaLevel level,
            int concurrency,
            int callsPerSecond,
            boolean dryRun,
            boolean requireAll) {
        Instant started = clock.instant();
        KubernetesApi client = connections.client(site).pacedBy(RateLimiter.perSecond(callsPerSecond));
        Map<String, Integer> current = currentReplicas(client, workloads);
        List<WorkloadChange> changes = Parallel.map(
                workloads, concurrency, w -> scaleOne(client, w, level.replicasOf(w), dryRun, current.get(w.id())));
        List<String> missing = changes.stream()
                .filter(c -> c.outcome() == ScaleOutcome.MISSING)
                .map(WorkloadChange::workload)
                .toList();
        int scaled = (int) changes.stream()
                .filter(c -> c.outcome() == ScaleOutcome.SCALED || c.outcome() == ScaleOutcome.DRY_RUN)
                .count();
        int unchanged = (int) changes.stream()
                .filter(c -> c.outcome() == ScaleOutcome.UNCHANGED)
                .count();
        String verb = dryRun ? "would scale" : "scaled";
        String summary = verb + " " + scaled + " of " + workloads.size() + " workloads in " + site.clusterName()
                + " to their "
                + level.json() + " replicas; " + unchanged + " already there"
                + (missing.isEmpty()
                        ? ""
                        : "; missing from the cluster: "
                                + String.join(", ", missing.stream().limit(10).toList()));
        if (requireAll && !missing.isEmpty() && !dryRun) {
            throw new UnsafeStateException(summary);
        }
        List<WorkloadChange> listed = changes.stream()
                .sorted(Comparator.comparing((WorkloadChange c) -> c.outcome() == ScaleOutcome.UNCHANGED))
                .limit(MAX_LISTED)
                .toList();
        return new ScaleResult(
                site.clusterName(),
                level.json(),
                workloads.size(),
                scaled,
                unchanged,
                missing,
                listed,
                summary,
                started,
                clock.instant());
    }

    /**
     * The replicas of every listed workload, read with one LIST per namespace and kind (pages of
     * {@value #PAGE_SIZE}) instead of one GET per workload: at scale this halves the calls.
     */
    private static Map<String, Integer> currentReplicas(KubernetesApi client, List<Workload> workloads) {
        Map<String, Integer> replicas = new HashMap<>();
        Set<String> wanted = new HashSet<>();
        workloads.forEach(w -> wanted.add(w.namespace() + "/" + w.kind()));
        for (String key : wanted) {
            String namespace = key.substring(0, key.indexOf('/'));
            WorkloadKind kind = WorkloadKind.valueOf(key.substring(key.indexOf('/') + 1));
            String next = null;
            do {
                Map<String, String> query = new HashMap<>(Map.of("limit", String.valueOf(PAGE_SIZE)));
                if (next != null) {
                    query.put("continue", next);
                }
                JsonNode page = client.list(Paths.workloads(namespace, kind.resource()), query);
                for (JsonNode item : page.path("items")) {
                    replicas.put(
                            namespace + "/" + kind + "/"
                                    + item.path("metadata").path("name").asText(),
                            item.path("spec").path("replicas").asInt(1));
                }
                next = page.path("metadata").path("continue").asText("");
            } while (!next.isEmpty());
        }
        return replicas;
    }

    private WorkloadChange scaleOne(
            KubernetesApi client, Workload workload, int replicas, boolean dryRun, Integer listed) {
        for (int attempt = 1; ; attempt++) {
            Integer current;
            if (attempt == 1 && listed != null) {
                current = listed;
            } else {
                Optional<JsonNode> scale = client.get(Paths.scale(workload));
                if (scale.isEmpty()) {
                    return new WorkloadChange(workload.id(), 0, replicas, ScaleOutcome.MISSING);
                }
                current = scale.get().path("spec").path("replicas").asInt(0);
            }
            if (current == replicas) {
                return new WorkloadChange(workload.id(), current, replicas, ScaleOutcome.UNCHANGED);
            }
            if (dryRun) {
                return new WorkloadChange(workload.id(), current, replicas, ScaleOutcome.DRY_RUN);
            }
            try {
                client.mergePatch(
                        Paths.scale(workload),
                        Json.MAPPER
                                .createObjectNode()
                                .set("spec", Json.MAPPER.createObjectNode().put("replicas", replicas)));
                return new WorkloadChange(workload.id(), current, replicas, ScaleOutcome.SCALED);
            } catch (ApiConflictException e) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw new DependencyUnavailableException(
                            "scaling " + workload.id() + " kept conflicting: " + e.getMessage());
                }
                KubernetesClient.sleep(RetryPolicy.DEFAULT.backoff(attempt, null));
            }
        }
    }
}
