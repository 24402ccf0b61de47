package io.efsdr.plan;

/**
 * A protected workload and the replica counts it runs with when its region is active and when it
 * stands by (0 for pilot light, more for warm standby).
 */
public record Workload(String namespace, WorkloadKind kind, String name, int activeReplicas, int standbyReplicas) {

    /** {@code namespace/Kind/name}, the form operators use to name a workload. */
    public String id() {
        return namespace + "/" + kind + "/" + name;
    }
}
