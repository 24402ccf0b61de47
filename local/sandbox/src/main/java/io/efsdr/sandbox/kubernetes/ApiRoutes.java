package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The API server's routes, one per resource: RBAC by the access rules, then the verb on the model
 * ({@link ClusterState}), the autoscalers, the admission policies or the access review; strict field
 * validation, the accepted patch types and the error answers of a real API server.
 */
final class ApiRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterState state;
    private final HorizontalPodAutoscalers autoscalers;
    private volatile List<AccessRule> accessRules = List.of(AccessRule.ALL);

    ApiRoutes(ClusterState state, HorizontalPodAutoscalers autoscalers) {
        this.state = state;
        this.autoscalers = autoscalers;
    }

    void setAccessRules(List<AccessRule> rules) {
        accessRules = rules;
    }

    /** What a list of {@code list}'s resource answers now: the watch's snapshot. */
    ObjectNode list(ApiRequest list, LabelSelector selector) throws ApiException {
        return switch (list.resource()) {
            case "storageclasses" ->
                storageClasses(list, new byte[0], null, selector).body();
            case "deployments", "statefulsets" ->
                workloads(list, new byte[0], null, selector).body();
            case "persistentvolumeclaims" -> claims(list, selector).body();
            case "pods" -> pods(list, selector).body();
            case "namespaces" -> namespaces(list, selector).body();
            case "horizontalpodautoscalers" -> autoscalers(list).body();
            default -> throw methodNotAllowed();
        };
    }

    void authorize(ApiRequest request) throws ApiException {
        if (!request.resource().equals("selfsubjectaccessreviews")
                && accessRules.stream().noneMatch(r -> r.allows(request.verb(), request.rbacResource()))) {
            throw forbidden(request);
        }
    }

    /** Routes a request for a resource (not a watch); {@code contentType} is the request's Content-Type header. */
    Routed route(ApiRequest request, String contentType, byte[] body) throws ApiException {
        authorize(request);
        LabelSelector selector = LabelSelector.parse(request.query().get("labelSelector"));
        return switch (request.resource()) {
            case "storageclasses" -> storageClasses(request, body, contentType, selector);
            case "deployments", "statefulsets" -> workloads(request, body, contentType, selector);
            case "persistentvolumeclaims" -> claims(request, selector);
            case "pods" -> pods(request, selector);
            case "namespaces" -> namespaces(request, selector);
            case "horizontalpodautoscalers" -> autoscalers(request);
            case "selfsubjectaccessreviews" -> accessReview(request, body, contentType);
            case "applications", "kustomizations", "helmreleases" ->
                gitOpsObjects(request, body, contentType, selector);
            case "validatingadmissionpolicies", "validatingadmissionpolicybindings" -> admissionPolicies(request);
            default -> throw new IllegalStateException(request.resource());
        };
    }

    // ---- issue 22, RBAC side: the hand-over's admission policy (begin)
    private final java.util.Set<String> admissionPolicies = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Seeds a ValidatingAdmissionPolicy and its binding of the same name (see {@link KubernetesStandIn#putValidatingAdmissionPolicy}). */
    void putValidatingAdmissionPolicy(String name) {
        admissionPolicies.add(name);
    }

    /** GET and list of the seeded policies or bindings; a missing one is 404 NotFound, as on a real server. */
    private Routed admissionPolicies(ApiRequest request) throws ApiException {
        boolean binding = request.resource().equals("validatingadmissionpolicybindings");
        return switch (request.verb()) {
            case "get" -> {
                if (!admissionPolicies.contains(request.name())) {
                    throw new ApiException(
                            404,
                            "NotFound",
                            request.resource() + ".admissionregistration.k8s.io \"" + request.name() + "\" not found");
                }
                yield new Routed(200, admissionPolicy(request.name(), binding, true));
            }
            case "list" -> {
                ObjectNode list = JSON.createObjectNode()
                        .put(
                                "kind",
                                (binding ? "ValidatingAdmissionPolicyBinding" : "ValidatingAdmissionPolicy") + "List")
                        .put("apiVersion", "admissionregistration.k8s.io/v1");
                list.putObject("metadata").put("resourceVersion", "1");
                var items = list.putArray("items");
                new java.util.TreeSet<>(admissionPolicies).forEach(n -> items.add(admissionPolicy(n, binding, false)));
                yield new Routed(200, list);
            }
            default -> throw methodNotAllowed();
        };
    }

    private static ObjectNode admissionPolicy(String name, boolean binding, boolean typed) {
        ObjectNode object = JSON.createObjectNode();
        if (typed) {
            object.put("apiVersion", "admissionregistration.k8s.io/v1")
                    .put("kind", binding ? "ValidatingAdmissionPolicyBinding" : "ValidatingAdmissionPolicy");
        }
        object.putObject("metadata").put("name", name).put("generation", 1).put("resourceVersion", "1");
        ObjectNode spec = object.putObject("spec");
        if (binding) {
            spec.put("policyName", name).putArray("validationActions").add("Deny");
        } else {
            spec.put("failurePolicy", "Fail");
        }
        return object;
    }
    // ---- issue 22, RBAC side: end

    private Routed namespaces(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getNamespace(request.name()));
            case "list" -> new Routed(200, state.listNamespaces(selector));
            default -> throw methodNotAllowed();
        };
    }

    /** The fields of a StorageClass (Kubernetes API reference, StorageClass v1 storage.k8s.io). */
    private static final Set<String> STORAGE_CLASS_FIELDS = Set.of(
            "apiVersion",
            "kind",
            "metadata",
            "provisioner",
            "parameters",
            "reclaimPolicy",
            "mountOptions",
            "allowVolumeExpansion",
            "volumeBindingMode",
            "allowedTopologies");

    /**
     * {@code ?fieldValidation=Strict} (what kubectl sends once the OpenAPI document says the server
     * validates): an unknown top-level field is a 400 (Kubernetes docs, "Kubernetes API Concepts",
     * Field validation); strategic-merge directives ({@code $patch}, {@code $retainKeys}...) are not fields.
     */
    private static void validateFields(ApiRequest request, byte[] body) throws ApiException {
        if (!"Strict".equals(request.query().get("fieldValidation")) || body.length == 0) {
            return;
        }
        JsonNode object = parse(body);
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!field.startsWith("$") && !STORAGE_CLASS_FIELDS.contains(field)) {
                throw ApiException.badRequest("StorageClass in version \"v1\" cannot be handled as a StorageClass:"
                        + " strict decoding error: unknown field \"" + field + "\"");
            }
        }
    }

    private Routed storageClasses(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        String name = request.name();
        if (request.mutating() && !request.verb().equals("delete")) {
            validateFields(request, body);
        }
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getStorageClass(name));
            case "list" -> new Routed(200, state.listStorageClasses(selector));
            case "create" -> new Routed(201, state.createStorageClass(parse(body)));
            case "update" -> new Routed(200, state.updateStorageClass(name, parse(body)));
            case "patch" -> new Routed(200, state.patchStorageClass(name, patch(body, contentType)));
            case "delete" -> new Routed(200, state.deleteStorageClass(name));
            default -> throw methodNotAllowed();
        };
    }

    private Routed workloads(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        WorkloadKind kind = WorkloadKind.ofResource(request.resource());
        String ns = request.namespace();
        String name = request.name();
        if (request.subresource() == null) {
            return switch (request.verb()) {
                case "get" -> new Routed(200, state.getWorkload(kind, ns, name));
                case "list" -> new Routed(200, state.listWorkloads(kind, ns, selector));
                case "patch" -> new Routed(200, state.patchWorkload(kind, ns, name, patch(body, contentType)));
                default -> throw methodNotAllowed();
            };
        }
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getScale(kind, ns, name));
            case "patch" ->
                new Routed(
                        200,
                        state.patchScale(kind, ns, name, patch(body, contentType))
                                .body());
            case "update" ->
                new Routed(200, state.updateScale(kind, ns, name, parse(body)).body());
            default -> throw methodNotAllowed();
        };
    }

    // ---- issue 22, GitOps objects: begin
    /** GET, list and merge-PATCH of Applications, Kustomizations and HelmReleases. */
    private Routed gitOpsObjects(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        return switch (request.verb()) {
            case "get" ->
                new Routed(200, state.getGitOpsObject(request.resource(), request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listGitOpsObjects(request.resource(), request.namespace(), selector));
            case "patch" ->
                new Routed(
                        200,
                        state.patchGitOpsObject(
                                request.resource(),
                                request.namespace(),
                                request.name(),
                                customResourcePatch(body, contentType)));
            default -> throw methodNotAllowed();
        };
    }

    /**
     * A JSON merge patch only: a custom resource does not support strategic merge patch (Kubernetes
     * docs, "Update API Objects in Place Using kubectl patch": "Strategic merge patch is not supported
     * for custom resources"), answered 415 as the API server does. (A real server also takes a JSON
     * patch and a server-side apply; the stand-in serves neither, and says so.)
     */
    private static JsonNode customResourcePatch(byte[] body, String contentType) throws ApiException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!type.equals("application/merge-patch+json")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include:"
                            + " application/merge-patch+json (the sandbox's stand-in serves no other patch of a"
                            + " custom resource)");
        }
        return parse(body);
    }

    private Routed claims(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getClaim(request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listClaims(request.namespace(), selector));
            default -> throw methodNotAllowed();
        };
    }

    private Routed pods(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getPod(request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listPods(request.namespace(), selector));
            default -> throw methodNotAllowed();
        };
    }

    private Routed autoscalers(ApiRequest request) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, autoscalers.get(request.namespace(), request.name()));
            case "list" -> new Routed(200, autoscalers.list(request.namespace()));
            default -> throw methodNotAllowed();
        };
    }

    private Routed accessReview(ApiRequest request, byte[] body, String contentType) throws ApiException {
        if (!request.verb().equals("create")) {
            throw methodNotAllowed();
        }
        JsonNode review =
                ProtobufAccessReview.isProtobuf(contentType) ? ProtobufAccessReview.decode(body) : parse(body);
        JsonNode attributes = review.path("spec").path("resourceAttributes");
        if (!attributes.isObject()) {
            throw ClusterState.invalid(
                    "SelfSubjectAccessReview",
                    "authorization.k8s.io",
                    "",
                    "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes"
                            + " or resourceAttributes must be specified");
        }
        String resource = attributes.path("resource").asText("");
        String subresource = attributes.path("subresource").asText("");
        String verb = attributes.path("verb").asText("");
        String rbacResource = subresource.isEmpty() ? resource : resource + "/" + subresource;
        boolean allowed = accessRules.stream().anyMatch(r -> r.allows(verb, rbacResource));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("kind", "SelfSubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
        answer.putObject("metadata").putNull("creationTimestamp");
        answer.set("spec", review.path("spec"));
        ObjectNode status = answer.putObject("status").put("allowed", allowed);
        if (allowed) {
            status.put("reason", "RBAC: allowed by the stand-in's access rules");
        }
        return new Routed(201, answer);
    }

    private static JsonNode patch(byte[] body, String contentType) throws ApiException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!type.equals("application/merge-patch+json") && !type.equals("application/strategic-merge-patch+json")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include:"
                            + " application/merge-patch+json, application/strategic-merge-patch+json");
        }
        return parse(body);
    }

    static JsonNode parse(byte[] body) throws ApiException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body of the request was in an unknown format");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
    }

    static ApiException methodNotAllowed() {
        return new ApiException(
                405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    private static ApiException forbidden(ApiRequest request) {
        String qualified = request.group().isEmpty() ? request.resource() : request.resource() + "." + request.group();
        String target = request.name() == null ? qualified : qualified + " \"" + request.name() + "\"";
        String scope = request.namespace() == null
                ? " at the cluster scope"
                : " in the namespace \"" + request.namespace() + "\"";
        return new ApiException(
                403,
                "Forbidden",
                target
                        + " is forbidden: User \"dr-orchestrator\" cannot "
                        + request.verb()
                        + " resource \""
                        + request.rbacResource()
                        + "\" in API group \""
                        + request.group()
                        + "\""
                        + scope,
                ApiException.details(request.name(), request.group(), request.resource()));
    }

    /** A routed answer: its status and body. */
    record Routed(int code, ObjectNode body) {}
}
