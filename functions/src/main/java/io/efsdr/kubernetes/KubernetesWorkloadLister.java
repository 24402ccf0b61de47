package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.Site;
import io.efsdr.plan.Waves;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import io.efsdr.plan.WorkloadLister;
import io.efsdr.plan.WorkloadSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves a plan's label selector namespace by namespace (no cluster-wide list permission is
 * needed), reading each object's replica annotations.
 */
public final class KubernetesWorkloadLister implements WorkloadLister {
    private final KubernetesClusters connections;

    public KubernetesWorkloadLister(KubernetesClusters connections) {
        this.connections = connections;
    }

    @Override
    public List<Workload> list(Site site, WorkloadSelector selector) {
        KubernetesApi client = connections.client(site);
        List<Workload> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String namespace : selector.namespaces()) {
            for (WorkloadKind kind : WorkloadKind.values()) {
                JsonNode list = client.list(
                        Paths.workloads(namespace, kind.resource()), Map.of("labelSelector", selector.labelSelector()));
                for (JsonNode item : list.path("items")) {
                    String name = item.path("metadata").path("name").asText();
                    JsonNode annotations = item.path("metadata").path("annotations");
                    String id = namespace + "/" + kind + "/" + name;
                    Integer active = annotation(annotations, WorkloadSelector.ACTIVE_ANNOTATION, id, problems, null);
                    Integer standby = annotation(annotations, WorkloadSelector.STANDBY_ANNOTATION, id, problems, 0);
                    Integer wave = annotation(
                            annotations, WorkloadSelector.WAVE_ANNOTATION, id, problems, Workload.DEFAULT_WAVE);
                    if (wave != null && (wave < 1 || wave > Waves.MAX_WAVE)) {
                        problems.add(id + ": annotation " + WorkloadSelector.WAVE_ANNOTATION + " must be between 1 and "
                                + Waves.MAX_WAVE + ", not " + wave);
                    } else if (active != null && standby != null && wave != null) {
                        if (active < 1 || standby < 0 || standby > active) {
                            problems.add(id + ": annotations need 1 <= " + WorkloadSelector.ACTIVE_ANNOTATION
                                    + " and 0 <= " + WorkloadSelector.STANDBY_ANNOTATION + " <= active");
                        } else {
                            found.add(new Workload(namespace, kind, name, active, standby, wave));
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("plan.workloads.selector: " + String.join("; ", problems));
        }
        return found;
    }

    private static Integer annotation(
            JsonNode annotations, String key, String id, List<String> problems, Integer fallback) {
        JsonNode value = annotations.get(key);
        if (value == null) {
            if (fallback == null) {
                problems.add(id + " has no annotation " + key);
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            problems.add(id + ": annotation " + key + " is '" + value.asText() + "', not a whole number");
            return null;
        }
    }
}
