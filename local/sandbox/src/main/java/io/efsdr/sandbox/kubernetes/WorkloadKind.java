package io.efsdr.sandbox.kubernetes;

/** The scalable workload kinds the stand-in serves, all in {@code apps/v1}. */
public enum WorkloadKind {
    DEPLOYMENT("deployments", "Deployment"),
    STATEFULSET("statefulsets", "StatefulSet");

    private final String resource;
    private final String kind;

    WorkloadKind(String resource, String kind) {
        this.resource = resource;
        this.kind = kind;
    }

    /** The plural resource name in URLs, e.g. {@code deployments}. */
    public String resource() {
        return resource;
    }

    /** The {@code kind} field, e.g. {@code Deployment}. */
    public String kind() {
        return kind;
    }

    static WorkloadKind ofResource(String resource) {
        for (WorkloadKind value : values()) {
            if (value.resource.equals(resource)) {
                return value;
            }
        }
        throw new IllegalArgumentException("not a workload resource: " + resource);
    }
}
