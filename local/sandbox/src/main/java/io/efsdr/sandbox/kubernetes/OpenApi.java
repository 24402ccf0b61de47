package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI v3 documents, as far as kubectl needs them: {@code /openapi/v3} lists one document
 * per group version ({@code paths} of {@code serverRelativeURL}s; Kubernetes docs, "Kubernetes API
 * Concepts", OpenAPI V3), and each lists, for every served kind, its PATCH operation with the
 * {@code x-kubernetes-group-version-kind} extension and the {@code fieldValidation} query
 * parameter. That is what kubectl's validation looks for before {@code apply} or {@code create}
 * (cli-runtime pkg/resource/query_param_verifier_v3.go, supportsQueryParamV3): finding it, kubectl
 * leaves validation to the server ({@code ?fieldValidation=Strict}) instead of downloading schemas.
 * No component schemas are served, so {@code kubectl explain} has nothing to show; kubectl computes
 * apply patches from its own compiled-in types when a document has no schema for a kind.
 */
final class OpenApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Changes whenever this class's documents change, so that kubectl's cache of them is refreshed. */
    private static final String HASH = "sandbox1";

    private OpenApi() {}

    static Optional<ObjectNode> document(String path) {
        Set<String> groupVersions = new LinkedHashSet<>();
        ApiResources.SERVED.forEach(r -> groupVersions.add(r.groupVersion()));
        if (path.equals("/openapi/v3")) {
            ObjectNode root = JSON.objectNode();
            ObjectNode paths = root.putObject("paths");
            for (String groupVersion : groupVersions) {
                String key = prefix(groupVersion);
                paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + HASH);
            }
            return Optional.of(root);
        }
        for (String groupVersion : groupVersions) {
            if (path.equals("/openapi/v3/" + prefix(groupVersion))) {
                return Optional.of(groupVersionDocument(groupVersion));
            }
        }
        return Optional.empty();
    }

    private static String prefix(String groupVersion) {
        return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
    }

    private static ObjectNode groupVersionDocument(String groupVersion) {
        ObjectNode document = JSON.objectNode().put("openapi", "3.0.0");
        document.putObject("info")
                .put("title", "Kubernetes")
                .put("version", "v" + ApiResources.MAJOR + "." + ApiResources.MINOR + ".0");
        ObjectNode paths = document.putObject("paths");
        for (ApiResources.Resource r : ApiResources.SERVED) {
            if (!r.groupVersion().equals(groupVersion) || r.plural().equals("selfsubjectaccessreviews")) {
                continue;
            }
            String path = "/" + prefix(groupVersion) + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural()
                    + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + r.kind());
            patch.put("x-kubernetes-action", "patch");
            patch.putObject("x-kubernetes-group-version-kind")
                    .put("group", r.group())
                    .put("version", r.version())
                    .put("kind", r.kind());
            ArrayNode parameters = patch.putArray("parameters");
            for (String name : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
                parameters
                        .addObject()
                        .put("name", name)
                        .put("in", "query")
                        .putObject("schema")
                        .put("type", name.equals("force") ? "boolean" : "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        document.putObject("components").putObject("schemas");
        return document;
    }
}
