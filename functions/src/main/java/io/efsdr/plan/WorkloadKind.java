package io.efsdr.plan;

/** The workload kinds the orchestrator scales, with their REST resource names. */
public enum WorkloadKind {
    Deployment("deployments"),
    StatefulSet("statefulsets");

    private final String resource;

    WorkloadKind(String resource) {
        this.resource = resource;
    }

    /** The plural resource name in {@code apps/v1}. */
    public String resource() {
        return resource;
    }
}
