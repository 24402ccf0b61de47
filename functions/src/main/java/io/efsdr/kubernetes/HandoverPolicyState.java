package io.efsdr.kubernetes;

/**
 * Whether a cluster has the GitOps hand-over's admission policy ({@code kubernetes/handover-policy.yaml},
 * {@link RequiredAccess#HANDOVER_POLICY}): the ValidatingAdmissionPolicy that narrows the
 * orchestrator's patch right on workloads to {@code spec.replicas} and the annotation {@code
 * kustomize.toolkit.fluxcd.io/reconcile}, and the binding that puts it in force (a policy without a
 * binding checks nothing: Kubernetes docs, "Validating Admission Policy").
 */
public enum HandoverPolicyState {
    PRESENT,
    /** No ValidatingAdmissionPolicy of that name. */
    POLICY_MISSING,
    /** The policy exists, its ValidatingAdmissionPolicyBinding does not. */
    BINDING_MISSING
}
