package io.efsdr.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.GitOpsPlan;
import io.efsdr.plan.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * The GitOps object that applies a workload, and the cluster it lives in, read from the workload's
 * tracking metadata (the same marks {@link io.efsdr.kubernetes.ScalingControllers} reports):
 *
 * <ul>
 *   <li>Argo CD, "Resource Tracking": the annotation {@code argocd.argoproj.io/tracking-id:
 *       <app>:<group>/<kind>:<namespace>/<name>}, where an {@code <appns>_<app>} application part
 *       names the Application's namespace ("Applications in any namespace"), or the label {@code
 *       app.kubernetes.io/instance: <app>}. The Application lives in the plan's {@code
 *       gitops.argocd} cluster when it names one, else in the workload's own, in {@code
 *       gitops.argocd.namespace} ({@code argocd}) unless the tracking id names another.
 *   <li>Flux: the labels {@code kustomize.toolkit.fluxcd.io/name}/{@code namespace} or {@code
 *       helm.toolkit.fluxcd.io/name}/{@code namespace} kustomize-controller and helm-controller put on
 *       what they apply; the object lives in the workload's cluster ({@code flux-system} when the
 *       namespace label is absent).
 * </ul>
 *
 * @param kind the owning object's kind
 * @param namespace its namespace
 * @param name its name
 * @param site the cluster it lives in
 */
public record GitOpsOwner(GitOpsKind kind, String namespace, String name, Site site) {
    static final String ARGO_CD_TRACKING = "argocd.argoproj.io/tracking-id";
    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    static final String FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/";
    static final String FLUX_HELM_RELEASE = "helm.toolkit.fluxcd.io/";

    public String path() {
        return kind.path(namespace, name);
    }

    /** {@code Kind namespace/name in cluster}, for reports. */
    public String describe() {
        return kind.kind() + " " + namespace + "/" + name + " in " + site.clusterName();
    }

    /** The owners {@code workload}'s metadata names, the workload living in {@code site}. */
    public static List<GitOpsOwner> of(JsonNode workload, Site site, GitOpsPlan gitops) {
        JsonNode metadata = workload.path("metadata");
        JsonNode labels = metadata.path("labels");
        String tracking = metadata.path("annotations").path(ARGO_CD_TRACKING).asText("");
        String instance = labels.path(INSTANCE_LABEL).asText("");
        List<GitOpsOwner> owners = new ArrayList<>();
        if (!tracking.isEmpty() || !instance.isEmpty()) {
            String application = !tracking.isEmpty() ? tracking.split(":", 2)[0] : instance;
            String namespace = gitops.argoCdNamespace();
            int prefix = application.indexOf('_');
            if (prefix > 0) {
                namespace = application.substring(0, prefix);
                application = application.substring(prefix + 1);
            }
            owners.add(new GitOpsOwner(GitOpsKind.APPLICATION, namespace, application, gitops.argoCdSite(site)));
        }
        flux(labels, FLUX_KUSTOMIZATION, GitOpsKind.KUSTOMIZATION, site).ifPresent(owners::add);
        flux(labels, FLUX_HELM_RELEASE, GitOpsKind.HELM_RELEASE, site).ifPresent(owners::add);
        return owners;
    }

    private static java.util.Optional<GitOpsOwner> flux(JsonNode labels, String prefix, GitOpsKind kind, Site site) {
        String name = labels.path(prefix + "name").asText("");
        String namespace = labels.path(prefix + "namespace").asText("");
        return name.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(
                        new GitOpsOwner(kind, namespace.isEmpty() ? "flux-system" : namespace, name, site));
    }

    /**
     * Whether an Argo CD {@code application} already leaves the replicas of a workload of {@code kind}
     * alone (Argo CD docs, "Diffing Customization" and "Sync Options", "Respect ignore differences
     * configs"): an {@code ignoreDifferences} entry for group {@code apps} and that kind (its name and
     * namespace absent or matching) with the JSON pointer {@code /spec/replicas} or the jq path {@code
     * .spec.replicas}, and the sync option {@code RespectIgnoreDifferences=true}, without which a sync
     * still applies Git's replicas.
     */
    public static boolean ignoresReplicas(JsonNode application, String kind, String namespace, String name) {
        boolean respects = false;
        for (JsonNode option : application.path("spec").path("syncPolicy").path("syncOptions")) {
            respects |= "RespectIgnoreDifferences=true".equals(option.asText());
        }
        if (!respects) {
            return false;
        }
        for (JsonNode entry : application.path("spec").path("ignoreDifferences")) {
            if (!"apps".equals(entry.path("group").asText(""))
                    || !kind.equals(entry.path("kind").asText(""))
                    || !matches(entry, "name", name)
                    || !matches(entry, "namespace", namespace)) {
                continue;
            }
            for (JsonNode pointer : entry.path("jsonPointers")) {
                if ("/spec/replicas".equals(pointer.asText())) {
                    return true;
                }
            }
            for (JsonNode expression : entry.path("jqPathExpressions")) {
                if (".spec.replicas".equals(expression.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(JsonNode entry, String field, String value) {
        String wanted = entry.path(field).asText("");
        return wanted.isEmpty() || wanted.equals(value);
    }
}
