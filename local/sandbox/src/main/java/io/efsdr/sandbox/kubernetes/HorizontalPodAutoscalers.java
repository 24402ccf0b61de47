package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The HorizontalPodAutoscalers (autoscaling/v2) of a stand-in cluster, served for reading only.
 * They never scale anything: see {@link ArgoCdSelfHeal} for why (an HPA leaves a target scaled to 0
 * alone). Kubernetes API reference, HorizontalPodAutoscaler v2: {@code spec.scaleTargetRef}
 * ({@code apiVersion}, {@code kind}, {@code name}), {@code spec.minReplicas} (default 1),
 * {@code spec.maxReplicas}.
 */
final class HorizontalPodAutoscalers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Map<String, ObjectNode> byKey = new TreeMap<>();

    synchronized void put(
            String namespace,
            String name,
            WorkloadKind kind,
            String target,
            int minReplicas,
            int maxReplicas,
            String resourceVersion,
            Instant created) {
        ObjectNode hpa = JSON.objectNode().put("apiVersion", "autoscaling/v2").put("kind", "HorizontalPodAutoscaler");
        hpa.putObject("metadata")
                .put("name", name)
                .put("namespace", namespace)
                .put("uid", UUID.randomUUID().toString())
                .put("resourceVersion", resourceVersion)
                .put(
                        "creationTimestamp",
                        created.truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode spec = hpa.putObject("spec").put("minReplicas", minReplicas).put("maxReplicas", maxReplicas);
        spec.putObject("scaleTargetRef")
                .put("apiVersion", "apps/v1")
                .put("kind", kind.kind())
                .put("name", target);
        byKey.put(namespace + "/" + name, hpa);
    }

    synchronized ObjectNode get(String namespace, String name) throws ApiException {
        ObjectNode hpa = byKey.get(namespace + "/" + name);
        if (hpa == null) {
            throw ApiException.notFound(
                    "horizontalpodautoscalers.autoscaling", "autoscaling", "horizontalpodautoscalers", name);
        }
        return hpa.deepCopy();
    }

    synchronized ObjectNode list(String namespace) {
        ObjectNode list =
                JSON.objectNode().put("apiVersion", "autoscaling/v2").put("kind", "HorizontalPodAutoscalerList");
        list.putObject("metadata").put("resourceVersion", "1");
        ArrayNode items = list.putArray("items");
        byKey.forEach((key, hpa) -> {
            if (namespace == null || key.startsWith(namespace + "/")) {
                items.add(hpa.deepCopy());
            }
        });
        return list;
    }
}
