package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.UnsafeStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workload's pods, found as its controller finds them: by its {@code spec.selector}
 * ({@code matchLabels} and {@code matchExpressions}), rendered as a {@code labelSelector} query
 * (Kubernetes "Labels and Selectors": set-based requirements {@code in}, {@code notin}, exists,
 * {@code !} does not exist). The list includes terminating pods: they carry a
 * {@code metadata.deletionTimestamp} but still exist.
 */
final class PodSelector {
    private PodSelector() {}

    static List<JsonNode> pods(KubernetesApi client, String namespace, JsonNode selector) {
        String query = labelSelector(selector);
        if (query.isEmpty()) {
            throw new UnsafeStateException("a workload in " + namespace
                    + " has an empty selector: refusing to treat every pod " + "of the namespace as its own");
        }
        List<JsonNode> pods = new ArrayList<>();
        client.list("/api/v1/namespaces/" + namespace + "/pods", Map.of("labelSelector", query))
                .path("items")
                .forEach(pods::add);
        return pods;
    }

    /** The selector as a {@code labelSelector} query value; empty when it selects nothing in particular. */
    static String labelSelector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        Map<String, String> labels = new TreeMap<>();
        selector.path("matchLabels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.forEach((key, value) -> terms.add(key + "=" + value));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (expression.path("operator").asText()) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default ->
                    throw new UnsafeStateException(
                            "selector operator " + expression.path("operator").asText() + " of " + key
                                    + " is not one Kubernetes defines (In, NotIn, Exists, DoesNotExist)");
            }
        }
        return String.join(",", terms);
    }
}
