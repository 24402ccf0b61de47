package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.plan.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cluster's API server in memory, for the decisions built on {@link KubernetesApi}: objects by
 * path, lists of a collection's direct children (with {@code limit}/{@code continue} pages and
 * equality {@code labelSelector}s), the scale subresource of workloads, 409 conflicts on demand,
 * a failure for every call, or calls that hang until interrupted. Every write is recorded.
 */
public final class FakeCluster implements KubernetesApi {
    private final String name;
    private final Map<String, ObjectNode> objects = new TreeMap<>();
    private final Map<String, Integer> conflicts = new HashMap<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile RuntimeException failure;
    private volatile CountDownLatch hang;
    private int pageSize = Integer.MAX_VALUE;
    private final Set<String> notServed = ConcurrentHashMap.newKeySet();

    FakeCluster(String name) {
        this.name = name;
    }

    /** A Deployment or StatefulSet with {@code spec.replicas}, its status settled on them and all ready. */
    public FakeCluster workload(Workload workload, int replicas) {
        return workload(workload, replicas, replicas, replicas);
    }

    FakeCluster workload(Workload workload, int specReplicas, int statusReplicas, int readyReplicas) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.putObject("metadata")
                .put("name", workload.name())
                .put("namespace", workload.namespace())
                .put("generation", 1);
        ObjectNode spec = object.putObject("spec").put("replicas", specReplicas);
        spec.putObject("selector").putObject("matchLabels").put("app", workload.name());
        object.putObject("status")
                .put("replicas", statusReplicas)
                .put("readyReplicas", readyReplicas)
                .put("observedGeneration", 1);
        objects.put(Paths.workload(workload), object);
        return this;
    }

    /**
     * The workload's spec changed and is back where it was (a scale up and down between two polls):
     * the API server bumps {@code metadata.generation} on each spec change; the controller has seen it.
     */
    FakeCluster specChanged(Workload workload) {
        ObjectNode object = (ObjectNode) objects.get(Paths.workload(workload));
        long generation = object.path("metadata").path("generation").asLong() + 2;
        ((ObjectNode) object.get("metadata")).put("generation", generation);
        ((ObjectNode) object.get("status")).put("observedGeneration", generation);
        return this;
    }

    /** Adds an annotation to the workload's metadata. */
    FakeCluster annotate(Workload workload, String key, String value) {
        ObjectNode metadata = (ObjectNode) objects.get(Paths.workload(workload)).path("metadata");
        (metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations"))
                .put(key, value);
        return this;
    }

    /** Adds a label to the workload's metadata. */
    FakeCluster label(Workload workload, String key, String value) {
        ObjectNode metadata = (ObjectNode) objects.get(Paths.workload(workload)).path("metadata");
        (metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels")).put(key, value);
        return this;
    }

    /** An HPA or ScaledObject in {@code collection} whose scaleTargetRef names the workload, with one spec field. */
    FakeCluster autoscaler(String collection, String name, Workload workload, String field, int value) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.putObject("metadata").put("name", name).put("namespace", workload.namespace());
        ObjectNode spec = object.putObject("spec").put(field, value);
        spec.putObject("scaleTargetRef").put("kind", workload.kind().name()).put("name", workload.name());
        objects.put(collection + "/" + name, object);
        return this;
    }

    /** A collection whose API is not served (a missing CRD): its GET answers 404. */
    FakeCluster notServed(String collection) {
        notServed.add(collection);
        return this;
    }

    public ObjectNode object(String path) {
        return objects.get(path);
    }

    /** Stores {@code object} at {@code path} (a GitOps object, a workload with its own metadata). */
    public FakeCluster put(String path, ObjectNode object) {
        objects.put(path, object);
        return this;
    }

    /** RFC 7386 JSON merge patch: objects merge, a null removes the field, anything else replaces it. */
    private static void mergeInto(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
                mergeInto(existing, value);
            } else if (value.isObject()) {
                ObjectNode created = target.putObject(field.getKey());
                mergeInto(created, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    /** A pod of the workload (labelled as its selector selects), terminating or not. */
    public FakeCluster pod(Workload workload, String podName, boolean terminating) {
        return pod(workload, podName, terminating, null);
    }

    /** A pod of the workload in {@code status.phase} (null: no status), terminating or not. */
    public FakeCluster pod(Workload workload, String podName, boolean terminating, String phase) {
        ObjectNode pod = Json.MAPPER.createObjectNode();
        if (phase != null) {
            pod.putObject("status").put("phase", phase);
        }
        ObjectNode metadata = pod.putObject("metadata").put("name", podName).put("namespace", workload.namespace());
        metadata.putObject("labels").put("app", workload.name());
        if (terminating) {
            metadata.put("deletionTimestamp", "2026-12-01T10:00:00Z");
        }
        objects.put("/api/v1/namespaces/" + workload.namespace() + "/pods/" + podName, pod);
        return this;
    }

    public FakeCluster removePods() {
        objects.keySet().removeIf(path -> path.contains("/pods/"));
        return this;
    }

    /** The next {@code times} scale patches of the workload answer 409. */
    FakeCluster conflicts(Workload workload, int times) {
        conflicts.put(Paths.scale(workload), times);
        return this;
    }

    public FakeCluster failing(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    /** Every call blocks until its thread is interrupted, then fails as a cluster that did not answer. */
    FakeCluster hanging() {
        hang = new CountDownLatch(1);
        return this;
    }

    FakeCluster pageSize(int size) {
        pageSize = size;
        return this;
    }

    public List<String> writes() {
        return List.copyOf(writes);
    }

    int reads() {
        return reads.get();
    }

    @Override
    public String clusterName() {
        return name;
    }

    @Override
    public Optional<JsonNode> get(String path) {
        answer();
        reads.incrementAndGet();
        if (path.endsWith("/scale")) {
            ObjectNode workload = objects.get(path.substring(0, path.length() - "/scale".length()));
            if (workload == null) {
                return Optional.empty();
            }
            ObjectNode scale = Json.MAPPER.createObjectNode();
            scale.putObject("spec")
                    .put("replicas", workload.path("spec").path("replicas").asInt());
            return Optional.of(scale);
        }
        if (path.endsWith("/horizontalpodautoscalers") || path.endsWith("/scaledobjects")) {
            return notServed.contains(path) ? Optional.empty() : Optional.of(list(path, Map.of()));
        }
        return Optional.ofNullable(objects.get(path)).map(ObjectNode::deepCopy);
    }

    @Override
    public JsonNode list(String path, Map<String, String> query) {
        answer();
        reads.incrementAndGet();
        Map<String, String> selector = selector(query.get("labelSelector"));
        List<ObjectNode> items = new ArrayList<>();
        objects.forEach((key, value) -> {
            if (key.startsWith(path + "/") && key.indexOf('/', path.length() + 1) < 0 && matches(value, selector)) {
                items.add(value.deepCopy());
            }
        });
        int limit =
                query.containsKey("limit") ? Math.min(pageSize, Integer.parseInt(query.get("limit"))) : items.size();
        int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
        int to = Math.min(items.size(), from + limit);
        ObjectNode list = Json.MAPPER.createObjectNode();
        ArrayNode array = list.putArray("items");
        items.subList(from, to).forEach(array::add);
        if (to < items.size()) {
            list.putObject("metadata").put("continue", String.valueOf(to));
        }
        return list;
    }

    @Override
    public JsonNode create(String path, JsonNode body) {
        answer();
        writes.add("POST " + path);
        objects.put(path + "/" + body.path("metadata").path("name").asText(), (ObjectNode) body.deepCopy());
        return body;
    }

    @Override
    public synchronized JsonNode mergePatch(String path, JsonNode body) {
        answer();
        int left = conflicts.getOrDefault(path, 0);
        if (left > 0) {
            conflicts.put(path, left - 1);
            throw new ApiConflictException("PATCH " + path + ": the object has been modified");
        }
        if (!path.endsWith("/scale")) {
            ObjectNode object = objects.get(path);
            if (object == null) {
                throw new IllegalStateException("PATCH " + path + ": not found");
            }
            writes.add("PATCH " + path + " " + body);
            mergeInto(object, body);
            return object.deepCopy();
        }
        int replicas = body.path("spec").path("replicas").asInt();
        writes.add("PATCH " + path + " replicas=" + replicas);
        ObjectNode workload = objects.get(path.substring(0, path.length() - "/scale".length()));
        ((ObjectNode) workload.path("spec")).put("replicas", replicas);
        return body;
    }

    @Override
    public boolean delete(String path) {
        answer();
        writes.add("DELETE " + path);
        return objects.remove(path) != null;
    }

    @Override
    public KubernetesApi pacedBy(RateLimiter limiter) {
        return this;
    }

    private void answer() {
        CountDownLatch latch = hang;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DependencyUnavailableException("interrupted while waiting for " + name);
            }
        }
        RuntimeException failing = failure;
        if (failing != null) {
            throw failing;
        }
    }

    private static Map<String, String> selector(String query) {
        Map<String, String> terms = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return terms;
        }
        for (String term : query.split(",")) {
            String[] parts = term.split("=", 2);
            if (parts.length != 2) {
                throw new UnsupportedOperationException("the fake knows equality selectors only: " + term);
            }
            terms.put(parts[0], parts[1]);
        }
        return terms;
    }

    private static boolean matches(JsonNode object, Map<String, String> selector) {
        JsonNode labels = object.path("metadata").path("labels");
        return selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }
}
