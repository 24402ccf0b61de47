package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources the stand-in serves, the one list that routing, discovery and the OpenAPI document
 * derive from. Names, kinds, short names, categories and verbs are those a real API server reports
 * for them ({@code kubectl api-resources -o wide} on Kubernetes 1.32; pkg/registry/.../storage.go
 * ShortNames and Categories of each resource).
 */
final class ApiResources {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The Kubernetes version the stand-in claims: what EKS runs, and within kubectl's skew of the client here. */
    static final String MAJOR = "1";

    static final String MINOR = "32";

    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> ALL = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    /**
     * One served resource.
     *
     * @param group the API group, empty for the core group
     * @param verbs what it serves ({@code watch} included when it serves watch)
     */
    record Resource(
            String group,
            String version,
            String plural,
            String singular,
            String kind,
            boolean namespaced,
            List<String> verbs,
            List<String> shortNames,
            List<String> categories,
            boolean scale) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Resource> SERVED = List.of(
            new Resource(
                    "", "v1", "namespaces", "namespace", "Namespace", false, READ, List.of("ns"), List.of(), false),
            new Resource(
                    "",
                    "v1",
                    "persistentvolumeclaims",
                    "persistentvolumeclaim",
                    "PersistentVolumeClaim",
                    true,
                    READ,
                    List.of("pvc"),
                    List.of(),
                    false),
            new Resource("", "v1", "pods", "pod", "Pod", true, READ, List.of("po"), List.of("all"), false),
            new Resource(
                    "apps",
                    "v1",
                    "deployments",
                    "deployment",
                    "Deployment",
                    true,
                    READ,
                    List.of("deploy"),
                    List.of("all"),
                    true),
            new Resource(
                    "apps",
                    "v1",
                    "statefulsets",
                    "statefulset",
                    "StatefulSet",
                    true,
                    READ,
                    List.of("sts"),
                    List.of("all"),
                    true),
            new Resource(
                    "autoscaling",
                    "v2",
                    "horizontalpodautoscalers",
                    "horizontalpodautoscaler",
                    "HorizontalPodAutoscaler",
                    true,
                    READ,
                    List.of("hpa"),
                    List.of("all"),
                    false),
            new Resource(
                    "storage.k8s.io",
                    "v1",
                    "storageclasses",
                    "storageclass",
                    "StorageClass",
                    false,
                    ALL,
                    List.of("sc"),
                    List.of(),
                    false),
            // ---- issue 22: the GitOps CRDs (Argo CD's Application CRD: short names app, apps, no categories;
            // Flux's kustomizations (ks) and helmreleases (hr), category "all" left out as Flux's CRDs do);
            // the stand-in serves get, list and patch of them.
            new Resource(
                    "argoproj.io",
                    "v1alpha1",
                    "applications",
                    "application",
                    "Application",
                    true,
                    List.of("get", "list", "patch"),
                    List.of("app", "apps"),
                    List.of(),
                    false),
            new Resource(
                    "kustomize.toolkit.fluxcd.io",
                    "v1",
                    "kustomizations",
                    "kustomization",
                    "Kustomization",
                    true,
                    List.of("get", "list", "patch"),
                    List.of("ks"),
                    List.of(),
                    false),
            new Resource(
                    "helm.toolkit.fluxcd.io",
                    "v2",
                    "helmreleases",
                    "helmrelease",
                    "HelmRelease",
                    true,
                    List.of("get", "list", "patch"),
                    List.of("hr"),
                    List.of(),
                    false),
            // ---- issue 22: end
            new Resource(
                    "authorization.k8s.io",
                    "v1",
                    "selfsubjectaccessreviews",
                    "selfsubjectaccessreview",
                    "SelfSubjectAccessReview",
                    false,
                    List.of("create"),
                    List.of(),
                    List.of(),
                    false));

    private ApiResources() {}

    static Optional<Resource> find(String groupVersion, String plural) {
        return SERVED.stream()
                .filter(r -> r.groupVersion().equals(groupVersion) && r.plural().equals(plural))
                .findFirst();
    }

    static Optional<Resource> byPlural(String plural) {
        return SERVED.stream().filter(r -> r.plural().equals(plural)).findFirst();
    }

    /** The served group versions, per group in order of first appearance; the core group is {@code ""}. */
    static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Resource r : SERVED) {
            List<String> versions = groups.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!versions.contains(r.version())) {
                versions.add(r.version());
            }
        }
        return groups;
    }

    /**
     * {@code GET /version}: version.Info (staging/src/k8s.io/apimachinery/pkg/version/types.go), as
     * an EKS cluster reports it.
     */
    static ObjectNode version() {
        return JSON.objectNode()
                .put("major", MAJOR)
                .put("minor", MINOR)
                .put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-eks-sandbox")
                .put("gitCommit", "0000000000000000000000000000000000000000")
                .put("gitTreeState", "clean")
                .put("buildDate", "2025-01-01T00:00:00Z")
                .put("goVersion", "go1.23.4")
                .put("compiler", "gc")
                .put("platform", "linux/amd64");
    }

    /**
     * The unaggregated discovery documents (Kubernetes docs, "Kubernetes API Concepts" and the
     * "Discovery API" page, Unaggregated discovery): {@code /api} answers APIVersions, {@code /apis}
     * an APIGroupList, and each group version an APIResourceList with every resource's verbs,
     * scope, kind, short names and categories, subresources listed as {@code deployments/scale}
     * (kind Scale of autoscaling/v1). A client asking for the aggregated form gets these in plain
     * {@code application/json}, which it accepts as the unaggregated form ("Discovery API": a
     * server without aggregated discovery answers the legacy documents).
     */
    static Optional<ObjectNode> discovery(String path) {
        String trimmed = path.replaceAll("/+$", "");
        if (trimmed.equals("/api")) {
            ObjectNode versions = JSON.objectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs")
                    .addObject()
                    .put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", "127.0.0.1:443");
            return Optional.of(versions);
        }
        if (trimmed.equals("/apis")) {
            ObjectNode list = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            groups().forEach((group, versions) -> {
                if (!group.isEmpty()) {
                    groups.add(group(group, versions));
                }
            });
            return Optional.of(list);
        }
        String[] segments = trimmed.replaceAll("^/+", "").split("/");
        if (segments.length == 2 && segments[0].equals("apis") && groups().containsKey(segments[1])) {
            ObjectNode group = group(segments[1], groups().get(segments[1]));
            group.put("kind", "APIGroup").put("apiVersion", "v1");
            return Optional.of(group);
        }
        String groupVersion = segments.length == 2 && segments[0].equals("api")
                ? segments[1]
                : segments.length == 3 && segments[0].equals("apis") ? segments[1] + "/" + segments[2] : null;
        if (groupVersion == null
                || SERVED.stream().noneMatch(r -> r.groupVersion().equals(groupVersion))) {
            return Optional.empty();
        }
        ObjectNode list = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (Resource r : SERVED) {
            if (!r.groupVersion().equals(groupVersion)) {
                continue;
            }
            ObjectNode entry = resources
                    .addObject()
                    .put("name", r.plural())
                    .put("singularName", r.singular())
                    .put("namespaced", r.namespaced())
                    .put("kind", r.kind());
            ArrayNode verbs = entry.putArray("verbs");
            r.verbs().forEach(verbs::add);
            if (!r.shortNames().isEmpty()) {
                ArrayNode shortNames = entry.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
            if (!r.categories().isEmpty()) {
                ArrayNode categories = entry.putArray("categories");
                r.categories().forEach(categories::add);
            }
            if (r.scale()) {
                ObjectNode scale = resources
                        .addObject()
                        .put("name", r.plural() + "/scale")
                        .put("singularName", "")
                        .put("namespaced", r.namespaced())
                        .put("group", "autoscaling")
                        .put("version", "v1")
                        .put("kind", "Scale");
                scale.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return Optional.of(list);
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = JSON.objectNode().put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String version : versions) {
            list.addObject().put("groupVersion", name + "/" + version).put("version", version);
        }
        group.putObject("preferredVersion")
                .put("groupVersion", name + "/" + versions.get(0))
                .put("version", versions.get(0));
        return group;
    }
}
