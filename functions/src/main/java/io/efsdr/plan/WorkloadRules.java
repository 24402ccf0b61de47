package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.DNS_SUBDOMAIN;
import static io.efsdr.plan.PlanFields.isObject;
import static io.efsdr.plan.PlanFields.longValue;
import static io.efsdr.plan.PlanFields.requiredText;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;
import static io.efsdr.plan.PlanValidator.DNS_LABEL;
import static io.efsdr.plan.PlanValidator.MAX_REPLICAS;
import static io.efsdr.plan.PlanValidator.MAX_WORKLOADS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The workloads: listed items or a selector. Part of {@link PlanValidator}: every problem is
 * named by its field path.
 */
final class WorkloadRules {
    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private WorkloadRules() {}

    static WorkloadSet workloads(JsonNode node, Problems problems) {
        String path = "plan.workloads";
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("items", "selector"), problems);
        List<Workload> items = new ArrayList<>();
        JsonNode list = node.get("items");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(path + ".items", "must be a list");
            } else if (list.size() > MAX_WORKLOADS) {
                problems.add(
                        path + ".items",
                        "has " + list.size() + " entries; at most " + MAX_WORKLOADS + " are supported");
            } else {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Workload workload = workload(list.get(i), path + ".items[" + i + "]", problems);
                    if (workload != null && !seen.add(workload.id())) {
                        problems.add(path + ".items[" + i + "]", "duplicates " + workload.id());
                    }
                    if (workload != null) {
                        items.add(workload);
                    }
                }
            }
        }
        WorkloadSelector selector = selector(node.get("selector"), path + ".selector", problems);
        if (items.isEmpty() && selector == null && (list == null || list.isArray())) {
            problems.add(path, "names no workload: give a non-empty items list or a selector");
        }
        return new WorkloadSet(items, selector);
    }

    private static Workload workload(JsonNode node, String path, Problems problems) {
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(
                node, path, Set.of("namespace", "kind", "name", "activeReplicas", "standbyReplicas", "wave"), problems);
        String namespace = text(node, "namespace", path + ".namespace", problems, DNS_LABEL, "a namespace name");
        String name = text(node, "name", path + ".name", problems, DNS_SUBDOMAIN, "a Kubernetes object name");
        String kindText = requiredText(node, "kind", path + ".kind", problems);
        WorkloadKind kind = null;
        if (kindText != null) {
            try {
                kind = WorkloadKind.valueOf(kindText);
            } catch (IllegalArgumentException e) {
                problems.add(
                        path + ".kind", "'" + kindText + "' is not a supported kind: use Deployment or StatefulSet");
            }
        }
        int active = (int) longValue(node, "activeReplicas", path + ".activeReplicas", -1, 1, MAX_REPLICAS, problems);
        int standby = (int) longValue(node, "standbyReplicas", path + ".standbyReplicas", 0, 0, MAX_REPLICAS, problems);
        if (active > 0 && standby > active) {
            problems.add(path + ".standbyReplicas", "must not exceed activeReplicas (" + active + ")");
        }
        int wave = (int) longValue(node, "wave", path + ".wave", Workload.DEFAULT_WAVE, 1, Waves.MAX_WAVE, problems);
        return kind == null || namespace == null || name == null
                ? null
                : new Workload(namespace, kind, name, active, standby, wave);
    }

    private static WorkloadSelector selector(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("namespaces", "matchLabels"), problems);
        List<String> namespaces = new ArrayList<>();
        JsonNode list = node.get("namespaces");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(
                    path + ".namespaces",
                    "must be a non-empty list of namespaces (the orchestrator lists per namespace)");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isTextual() || !DNS_LABEL.matcher(item.asText()).matches()) {
                    problems.add(path + ".namespaces[" + i + "]", "must be a namespace name");
                } else {
                    namespaces.add(item.asText());
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode match = node.get("matchLabels");
        if (match == null || !match.isObject() || match.isEmpty()) {
            problems.add(path + ".matchLabels", "must be a non-empty map of label to value");
        } else {
            match.fields().forEachRemaining(e -> {
                if (!LABEL_KEY.matcher(e.getKey()).matches()) {
                    problems.add(path + ".matchLabels", "'" + e.getKey() + "' is not a valid label key");
                } else if (!e.getValue().isTextual()
                        || !LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
                    problems.add(path + ".matchLabels." + e.getKey(), "must be a valid label value (a string)");
                } else {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return new WorkloadSelector(namespaces, labels);
    }
}
