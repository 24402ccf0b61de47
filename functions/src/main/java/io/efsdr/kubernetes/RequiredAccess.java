package io.efsdr.kubernetes;

import java.util.List;

/**
 * Every Kubernetes permission the workflows use, in one place: {@code kubernetes/rbac.yaml} must
 * grant exactly these (TemplateConsistencyTest compares), and the readiness check asks the DR
 * cluster about each of them with a SelfSubjectAccessReview.
 */
public final class RequiredAccess {
    /**
     * The ValidatingAdmissionPolicy of {@code kubernetes/handover-policy.yaml}, and its binding, of the
     * same name: it narrows the patch right on workloads ({@link #VERBS}) to {@code spec.replicas} and
     * the annotation {@code kustomize.toolkit.fluxcd.io/reconcile}.
     */
    public static final String HANDOVER_POLICY = "efs-dr-orchestrator-workload-changes";

    /** A cluster-scoped verb that RBAC's {@code resourceNames} limits to one object. */
    public record NamedPermission(String verb, String group, String resource, String name) {
        /** How a person reads it: {@code get validatingadmissionpolicies/efs-dr-... (cluster-wide, that one only)}. */
        public String describe() {
            return verb + " " + resource + "/" + name + " (cluster-scoped, that object only)";
        }
    }

    /** One verb on one resource; cluster-wide, or in each protected namespace. */
    public record Permission(String verb, String group, String resource, String subresource, boolean namespaced) {
        /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
        public String rbacResource() {
            return subresource == null ? resource : resource + "/" + subresource;
        }

        /** How a person reads it: {@code patch deployments/scale in namespace shop}. */
        public String describe(String namespace) {
            return verb + " " + rbacResource() + (namespaced ? " in namespace " + namespace : " (cluster-wide)");
        }
    }

    /**
     * StorageClasses are ensured cluster-wide; workloads and claims are read and scaled per
     * namespace; pods are listed to know that a stopped workload has none left, terminating ones
     * included; HPAs and KEDA ScaledObjects are listed to find those that can scale a workload back
     * ({@link ScalingControllers}).
     */
    public static final List<Permission> VERBS = List.of(
            cluster("get", "storage.k8s.io", "storageclasses"),
            cluster("create", "storage.k8s.io", "storageclasses"),
            cluster("delete", "storage.k8s.io", "storageclasses"),
            namespaced("get", "apps", "deployments", "scale"),
            namespaced("patch", "apps", "deployments", "scale"),
            namespaced("get", "apps", "statefulsets", "scale"),
            namespaced("patch", "apps", "statefulsets", "scale"),
            namespaced("get", "apps", "deployments", null),
            namespaced("list", "apps", "deployments", null),
            namespaced("get", "apps", "statefulsets", null),
            namespaced("list", "apps", "statefulsets", null),
            // GitOps hand-over: the annotation kustomize.toolkit.fluxcd.io/reconcile on a Flux-managed
            // workload; kubernetes/handover-policy.yaml refuses any other change of it.
            namespaced("patch", "apps", "deployments", null),
            namespaced("patch", "apps", "statefulsets", null),
            namespaced("get", "", "persistentvolumeclaims", null),
            namespaced("list", "", "persistentvolumeclaims", null),
            namespaced("list", "", "pods", null),
            namespaced("list", "autoscaling", "horizontalpodautoscalers", null),
            namespaced("list", "keda.sh", "scaledobjects", null));

    /**
     * Readiness reads the hand-over's admission policy and its binding by name (the only cluster-wide
     * grant besides StorageClasses, limited to those two objects).
     */
    public static final List<NamedPermission> POLICY_READS = List.of(
            new NamedPermission("get", "admissionregistration.k8s.io", "validatingadmissionpolicies", HANDOVER_POLICY),
            new NamedPermission(
                    "get", "admissionregistration.k8s.io", "validatingadmissionpolicybindings", HANDOVER_POLICY));

    /**
     * GitOps hand-over, Argo CD: read the Application tracking a plan workload and set or remove its
     * {@code argocd.argoproj.io/skip-reconcile}; in the namespace where the Applications live
     * (ClusterRole efs-dr-argocd-applications), possibly in a management cluster.
     */
    public static final List<Permission> ARGO_CD = List.of(
            namespaced("get", "argoproj.io", "applications", null),
            namespaced("patch", "argoproj.io", "applications", null));

    /**
     * GitOps hand-over, Flux: read the Kustomization or HelmRelease applying a plan workload and
     * suspend or resume the HelmRelease; in the namespaces where they live (ClusterRole efs-dr-flux).
     */
    public static final List<Permission> FLUX = List.of(
            namespaced("get", "kustomize.toolkit.fluxcd.io", "kustomizations", null),
            namespaced("patch", "kustomize.toolkit.fluxcd.io", "kustomizations", null),
            namespaced("get", "helm.toolkit.fluxcd.io", "helmreleases", null),
            namespaced("patch", "helm.toolkit.fluxcd.io", "helmreleases", null));

    private RequiredAccess() {}

    private static Permission cluster(String verb, String group, String resource) {
        return new Permission(verb, group, resource, null, false);
    }

    private static Permission namespaced(String verb, String group, String resource, String subresource) {
        return new Permission(verb, group, resource, subresource, true);
    }
}
