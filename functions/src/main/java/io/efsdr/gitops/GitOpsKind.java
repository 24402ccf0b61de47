package io.efsdr.gitops;

/**
 * The GitOps objects that own a workload, with their REST paths (Argo CD's {@code
 * argoproj.io/v1alpha1} Application, Flux's {@code kustomize.toolkit.fluxcd.io/v1} Kustomization
 * and {@code helm.toolkit.fluxcd.io/v2} HelmRelease).
 */
public enum GitOpsKind {
    APPLICATION("Application", "/apis/argoproj.io/v1alpha1/namespaces/%s/applications/%s"),
    KUSTOMIZATION("Kustomization", "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/%s/kustomizations/%s"),
    HELM_RELEASE("HelmRelease", "/apis/helm.toolkit.fluxcd.io/v2/namespaces/%s/helmreleases/%s");

    private final String kind;
    private final String path;

    GitOpsKind(String kind, String path) {
        this.kind = kind;
        this.path = path;
    }

    /** The Kubernetes kind, as people write it. */
    public String kind() {
        return kind;
    }

    public String path(String namespace, String name) {
        return path.formatted(namespace, name);
    }
}
