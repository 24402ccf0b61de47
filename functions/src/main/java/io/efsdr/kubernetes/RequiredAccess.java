package io.efsdr.kubernetes;

import java.util.List;

/**
 * Every Kubernetes permission the workflows use, in one place: {@code kubernetes/rbac.yaml} must
 * grant exactly these (TemplateConsistencyTest compares), and the readiness check asks the DR
 * cluster about each of them with a SelfSubjectAccessReview.
 */
public final class RequiredAccess {
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
            namespaced("get", "", "persistentvolumeclaims", null),
            namespaced("list", "", "persistentvolumeclaims", null),
            namespaced("list", "", "pods", null),
            namespaced("list", "autoscaling", "horizontalpodautoscalers", null),
            namespaced("list", "keda.sh", "scaledobjects", null));

    private RequiredAccess() {}

    private static Permission cluster(String verb, String group, String resource) {
        return new Permission(verb, group, resource, null, false);
    }

    private static Permission namespaced(String verb, String group, String resource, String subresource) {
        return new Permission(verb, group, resource, subresource, true);
    }
}
