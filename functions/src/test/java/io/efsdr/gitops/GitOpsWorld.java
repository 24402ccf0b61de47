package io.efsdr.gitops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.kubernetes.FakeCluster;
import io.efsdr.kubernetes.FakeClusters;
import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;

/** Workloads and the GitOps objects that manage them, as the API servers serve them. */
final class GitOpsWorld {
    final FakeClusters clusters = new FakeClusters();

    FakeCluster cluster(Site site) {
        return clusters.of(site);
    }

    static String path(Workload w) {
        return HandOver.workloadPath(w);
    }

    /** A workload applied by the Flux Kustomization {@code flux-system/name}. */
    GitOpsWorld fluxKustomization(Site site, Workload workload, String name) {
        ObjectNode object = workload(site, workload);
        ObjectNode labels = (ObjectNode) object.path("metadata").path("labels");
        labels.put("kustomize.toolkit.fluxcd.io/name", name)
                .put("kustomize.toolkit.fluxcd.io/namespace", "flux-system");
        ObjectNode kustomization = owner("Kustomization", "flux-system", name);
        ready(kustomization, "True");
        cluster(site).put(GitOpsKind.KUSTOMIZATION.path("flux-system", name), kustomization);
        return this;
    }

    /** A workload the Flux HelmRelease {@code namespace/name} installs, with {@code spec.suspend} (null: absent). */
    GitOpsWorld helmRelease(Site site, Workload workload, String name, Boolean suspend) {
        ObjectNode object = workload(site, workload);
        ((ObjectNode) object.path("metadata").path("labels"))
                .put("helm.toolkit.fluxcd.io/name", name)
                .put("helm.toolkit.fluxcd.io/namespace", workload.namespace());
        ObjectNode release = owner("HelmRelease", workload.namespace(), name);
        if (suspend != null) {
            release.putObject("spec").put("suspend", suspend);
        }
        ready(release, "True");
        cluster(site).put(GitOpsKind.HELM_RELEASE.path(workload.namespace(), name), release);
        return this;
    }

    /** A workload tracked by the Argo CD Application {@code argocd/app}, which lives in {@code appSite}. */
    GitOpsWorld argoCd(Site site, Workload workload, String app, Site appSite) {
        ObjectNode object = workload(site, workload);
        ((ObjectNode) object.path("metadata").path("annotations"))
                .put(
                        "argocd.argoproj.io/tracking-id",
                        app + ":apps/" + workload.kind() + ":" + workload.namespace() + "/" + workload.name());
        ObjectNode application = owner("Application", "argocd", app);
        application.putObject("status").putObject("sync").put("status", "Synced");
        if (cluster(appSite).object(GitOpsKind.APPLICATION.path("argocd", app)) == null) {
            cluster(appSite).put(GitOpsKind.APPLICATION.path("argocd", app), application);
        }
        return this;
    }

    ObjectNode object(Site site, String path) {
        return cluster(site).object(path);
    }

    private ObjectNode workload(Site site, Workload workload) {
        ObjectNode object = cluster(site).object(path(workload));
        if (object == null) {
            cluster(site).workload(workload, workload.standbyReplicas());
            object = cluster(site).object(path(workload));
            ObjectNode metadata = (ObjectNode) object.get("metadata");
            metadata.putObject("labels");
            metadata.putObject("annotations");
        }
        return object;
    }

    private static ObjectNode owner(String kind, String namespace, String name) {
        ObjectNode object = Json.MAPPER.createObjectNode().put("kind", kind);
        object.putObject("metadata")
                .put("name", name)
                .put("namespace", namespace)
                .put("generation", 1);
        return object;
    }

    static void ready(ObjectNode object, String status) {
        ObjectNode statusNode = object.has("status") ? (ObjectNode) object.get("status") : object.putObject("status");
        statusNode.put("observedGeneration", 1);
        statusNode.putArray("conditions").addObject().put("type", "Ready").put("status", status);
    }
}
