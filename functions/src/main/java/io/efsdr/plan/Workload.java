package io.efsdr.plan;

/**
 * A protected workload and the replica counts it runs with when its region is active and when it
 * stands by (0 for pilot light, more for warm standby).
 *
 * @param wave when it starts relative to the others: lower waves start first and stop last (see
 *     {@link Waves}); 1 when the plan names none
 */
public record Workload(
        String namespace, WorkloadKind kind, String name, int activeReplicas, int standbyReplicas, Integer wave) {
    /** The wave a workload is in when the plan and its annotations name none. */
    public static final int DEFAULT_WAVE = 1;

    public Workload {
        if (wave == null) {
            wave = DEFAULT_WAVE;
        }
    }

    public Workload(String namespace, WorkloadKind kind, String name, int activeReplicas, int standbyReplicas) {
        this(namespace, kind, name, activeReplicas, standbyReplicas, DEFAULT_WAVE);
    }

    /** {@code namespace/Kind/name}, the form operators use to name a workload. */
    public String id() {
        return namespace + "/" + kind + "/" + name;
    }
}
