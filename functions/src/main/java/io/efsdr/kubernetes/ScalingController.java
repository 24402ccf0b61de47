package io.efsdr.kubernetes;

/**
 * Something in a cluster that can set a workload's replicas back after the orchestrator scaled it
 * (fencing, the failback quiesce, "return DR to standby").
 *
 * @param kind what it is
 * @param name the object that holds the setting (Argo CD application, Flux Kustomization or
 *     HelmRelease, HPA, ScaledObject, owner)
 * @param detail how it was found and what it does, in a sentence
 * @param fix what to change so that it no longer undoes a scale
 */
public record ScalingController(Kind kind, String name, String detail, String fix) {
    /** The kinds of controller recognised on a workload. */
    public enum Kind {
        ARGO_CD,
        FLUX_KUSTOMIZATION,
        FLUX_HELM_RELEASE,
        HORIZONTAL_POD_AUTOSCALER,
        KEDA_SCALED_OBJECT,
        OWNER
    }

    /** {@code detail; fix: fix}, as readiness and failure messages show it. */
    public String describe() {
        return detail + "; fix: " + fix;
    }
}
