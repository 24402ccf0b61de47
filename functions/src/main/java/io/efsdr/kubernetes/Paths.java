package io.efsdr.kubernetes;

import io.efsdr.plan.Workload;

/** REST paths of the few objects the orchestrator touches. */
final class Paths {
    private Paths() {}

    static String workload(Workload workload) {
        return "/apis/apps/v1/namespaces/" + workload.namespace() + "/"
                + workload.kind().resource() + "/" + workload.name();
    }

    static String scale(Workload workload) {
        return workload(workload) + "/scale";
    }

    static String workloads(String namespace, String resource) {
        return "/apis/apps/v1/namespaces/" + namespace + "/" + resource;
    }

    static String persistentVolumeClaim(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/" + name;
    }

    static String storageClass(String name) {
        return "/apis/storage.k8s.io/v1/storageclasses/" + name;
    }

    static String storageClasses() {
        return "/apis/storage.k8s.io/v1/storageclasses";
    }

    static String horizontalPodAutoscalers(String namespace) {
        return "/apis/autoscaling/v2/namespaces/" + namespace + "/horizontalpodautoscalers";
    }

    static String scaledObjects(String namespace) {
        return "/apis/keda.sh/v1alpha1/namespaces/" + namespace + "/scaledobjects";
    }

    static String validatingAdmissionPolicy(String name) {
        return "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/" + name;
    }

    static String validatingAdmissionPolicyBinding(String name) {
        return "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/" + name;
    }

    static String selfSubjectAccessReviews() {
        return "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    }
}
