package io.efsdr.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Workloads found by label in the listed namespaces; their replica counts come from the
 * annotations {@value #ACTIVE_ANNOTATION} and {@value #STANDBY_ANNOTATION} on the objects, their
 * wave (default 1, see {@link Waves}) from {@value #WAVE_ANNOTATION}.
 */
public record WorkloadSelector(List<String> namespaces, Map<String, String> matchLabels) {
    public static final String ACTIVE_ANNOTATION = "dr.efsdr.io/active-replicas";
    public static final String STANDBY_ANNOTATION = "dr.efsdr.io/standby-replicas";
    public static final String WAVE_ANNOTATION = "dr.efsdr.io/wave";

    /** The Kubernetes {@code labelSelector} query value, e.g. {@code app=shop,tier=data}. */
    public String labelSelector() {
        return matchLabels.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
