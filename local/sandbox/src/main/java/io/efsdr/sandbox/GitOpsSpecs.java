package io.efsdr.sandbox;

import static io.efsdr.sandbox.Scenario.*;
import static io.efsdr.sandbox.ScenarioFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsing and validation of the scenario's GitOps objects ({@code gitopsObjects[]}) and management
 * cluster ({@code managementCluster}); the records are {@link Scenario.GitOpsObjectSpec} and {@link
 * Scenario.ManagementSpec}.
 */
final class GitOpsSpecs {
    private GitOpsSpecs() {}

    static final List<String> GITOPS_KINDS = List.of("Application", "Kustomization", "HelmRelease");
    static final List<String> GITOPS_FIELDS =
            List.of("kind", "namespace", "name", "region", "manages", "ignoresReplicas", "destination");
    static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    static List<GitOpsObjectSpec> gitopsObjects(JsonNode node, List<WorkloadSpec> workloads) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("scenario.gitopsObjects: must be a list of {\"kind\": "
                    + "\"Application\"|\"Kustomization\"|\"HelmRelease\", \"namespace\": ..., \"name\": ..., "
                    + "\"region\": \"primary\"|\"dr\"|\"management\", \"manages\": [\"<ns>/<Kind>/<name>\"|\"*\"]}, not "
                    + node);
        }
        List<GitOpsObjectSpec> objects = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "scenario.gitopsObjects[" + i + "]";
            JsonNode o = node.get(i);
            requireKnown(o, path, GITOPS_FIELDS.toArray(String[]::new));
            String kind = text(o, "kind", null, path);
            if (kind == null || !GITOPS_KINDS.contains(kind)) {
                throw new IllegalArgumentException(
                        path + ".kind: must be one of " + String.join(", ", GITOPS_KINDS) + ", not " + o.get("kind"));
            }
            String region = text(o, "region", null, path);
            if (region == null || !List.of("primary", "dr", "management").contains(region)) {
                throw new IllegalArgumentException(
                        path + ".region: must be primary, dr or management, not " + o.get("region"));
            }
            if (region.equals("management") && !kind.equals("Application")) {
                throw new IllegalArgumentException(path + ".region: a Flux " + kind + " applies to its own cluster "
                        + "(Flux docs, \"Kustomization\"/\"Helm Releases\": the controller runs in the cluster it "
                        + "reconciles); only an Argo CD Application may live in the management cluster");
            }
            String destination = text(o, "destination", null, path);
            if (region.equals("management")) {
                if (destination == null || !List.of("primary", "dr").contains(destination)) {
                    throw new IllegalArgumentException(path + ".destination: an Application in the management "
                            + "cluster names the cluster it deploys to, primary or dr, not " + o.get("destination"));
                }
            } else if (destination != null) {
                throw new IllegalArgumentException(
                        path + ".destination: only for region management (an object manages its own cluster)");
            } else {
                destination = region;
            }
            String defaultNamespace = kind.equals("Application") ? "argocd" : "flux-system";
            String namespace = text(o, "namespace", defaultNamespace, path);
            String name = text(o, "name", null, path);
            for (String[] field : List.of(new String[] {"namespace", namespace}, new String[] {"name", name})) {
                if (field[1] == null || !field[1].matches(DNS_LABEL) || field[1].length() > 63) {
                    throw new IllegalArgumentException(path + "." + field[0]
                            + ": must be a Kubernetes name (lower-case letters, digits, '-'), not " + o.get(field[0]));
                }
            }
            JsonNode manages = o.get("manages");
            if (manages == null || !manages.isArray() || manages.isEmpty()) {
                throw new IllegalArgumentException(
                        path + ".manages: must be a non-empty list of \"<namespace>/<Kind>/<name>\" or \"*\"");
            }
            List<String> managed = new ArrayList<>();
            for (int j = 0; j < manages.size(); j++) {
                String w = manages.get(j).asText("");
                if (!manages.get(j).isTextual()
                        || !(w.equals("*") || w.matches("[a-z0-9.-]+/(Deployment|StatefulSet)/[a-z0-9.-]+"))) {
                    throw new IllegalArgumentException(path + ".manages[" + j + "]: must be <namespace>/<Kind>/<name> "
                            + "(Kind Deployment or StatefulSet) or *, not " + manages.get(j));
                }
                int index = j;
                if (!w.equals("*")
                        && workloads.stream().noneMatch(spec -> spec.id().equals(w))) {
                    throw new IllegalArgumentException(
                            path + ".manages[" + index + "]: names no workload of the " + "scenario: " + w);
                }
                managed.add(w);
            }
            boolean ignores = bool(o, "ignoresReplicas", false, path);
            if (ignores && !kind.equals("Application")) {
                throw new IllegalArgumentException(path + ".ignoresReplicas: only an Application has ignoreDifferences "
                        + "(for Flux, leave replicas out of the manifest: controllers[].ignoresReplicas)");
            }
            for (GitOpsObjectSpec other : objects) {
                if (other.kind().equals(kind)
                        && other.namespace().equals(namespace)
                        && other.name().equals(name)
                        && other.region().equals(region)) {
                    throw new IllegalArgumentException(path + ": " + kind + " " + namespace + "/" + name
                            + " is already in " + region + " (two objects cannot share a name)");
                }
            }
            objects.add(new GitOpsObjectSpec(kind, namespace, name, region, managed, ignores, destination, false));
        }
        return List.copyOf(objects);
    }

    /** The management cluster's defaults: in the DR region (the region that must survive), named so. */
    static final String MANAGEMENT_CLUSTER = "shop-management";

    static ManagementSpec management(JsonNode node, JsonNode objects, SiteSpec dr) {
        boolean needed = false;
        if (objects != null && objects.isArray()) {
            for (JsonNode o : objects) {
                needed |= "management".equals(o.path("region").asText());
            }
        }
        if (node == null || node.isNull()) {
            return needed ? new ManagementSpec(MANAGEMENT_CLUSTER, dr.region()) : null;
        }
        String path = "scenario.management";
        requireKnown(node, path, "clusterName", "region");
        String name = text(node, "clusterName", MANAGEMENT_CLUSTER, path);
        String region = text(node, "region", dr.region(), path);
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException(path + ".region: must be an AWS region like us-west-2, not " + region);
        }
        return new ManagementSpec(name, region);
    }
}
