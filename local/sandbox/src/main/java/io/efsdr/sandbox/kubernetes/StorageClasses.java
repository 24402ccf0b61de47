package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster's StorageClasses and the API semantics on them (create, update, merge patch, delete;
 * immutable fields; resourceVersion conflicts). Part of the model: its caller, {@link
 * ClusterState}, holds the cluster's lock and hands out resourceVersions.
 */
final class StorageClasses {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SC_GROUP = "storage.k8s.io";
    private static final String SC_QUALIFIED = "storageclasses.storage.k8s.io";

    private final ClusterState cluster;
    private final Map<String, ObjectNode> storageClasses = new TreeMap<>();

    StorageClasses(ClusterState cluster) {
        this.cluster = cluster;
    }

    Optional<StorageClassView> storageClass(String name) {
        return Optional.ofNullable(storageClasses.get(name)).map(StorageClasses::storageClassView);
    }

    void putStorageClass(
            String name,
            String provisioner,
            Map<String, String> parameters,
            String reclaimPolicy,
            List<String> mountOptions) {
        ObjectNode body = JSON.objectNode();
        body.putObject("metadata").put("name", name);
        body.put("provisioner", provisioner);
        ObjectNode params = body.putObject("parameters");
        new TreeMap<>(parameters).forEach(params::put);
        body.put("reclaimPolicy", reclaimPolicy);
        if (!mountOptions.isEmpty()) {
            ArrayNode options = body.putArray("mountOptions");
            mountOptions.forEach(options::add);
        }
        storageClasses.put(name, newStorageClass(body));
    }

    // ---- issue 22, GitOps objects and their levers: begin

    ObjectNode getStorageClass(String name) throws ApiException {
        return storageClassOrThrow(name).deepCopy();
    }

    ObjectNode listStorageClasses(LabelSelector selector) {
        ObjectNode list = ObjectRenderer.list("StorageClassList", "storage.k8s.io/v1", cluster.resourceVersion());
        ArrayNode items = list.putArray("items");
        for (ObjectNode sc : storageClasses.values()) {
            if (selector.matches(ObjectRenderer.stringMap(sc.path("metadata").path("labels")))) {
                items.add(sc.deepCopy());
            }
        }
        return list;
    }

    ObjectNode createStorageClass(JsonNode body) throws ApiException {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw ClusterState.invalid(
                    "StorageClass", SC_GROUP, "", "metadata.name: Required value: name or generateName is required");
        }
        if (object.path("provisioner").asText("").isEmpty()) {
            throw ClusterState.invalid("StorageClass", SC_GROUP, name, "provisioner: Required value");
        }
        if (storageClasses.containsKey(name)) {
            throw new ApiException(
                    409,
                    "AlreadyExists",
                    SC_QUALIFIED + " \"" + name + "\" already exists",
                    ApiException.details(name, SC_GROUP, "storageclasses"));
        }
        ObjectNode created = newStorageClass(object);
        storageClasses.put(name, created);
        return created.deepCopy();
    }

    ObjectNode updateStorageClass(String name, JsonNode body) throws ApiException {
        ObjectNode current = storageClassOrThrow(name);
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
        return replaceStorageClass(current, object.deepCopy());
    }

    ObjectNode patchStorageClass(String name, JsonNode patch) throws ApiException {
        ObjectNode current = storageClassOrThrow(name);
        JsonNode patched = MergePatch.apply(current.deepCopy(), patch);
        if (!(patched instanceof ObjectNode object)) {
            throw ApiException.badRequest("the patch does not yield an object");
        }
        return replaceStorageClass(current, object);
    }

    ObjectNode deleteStorageClass(String name) throws ApiException {
        ObjectNode removed = storageClassOrThrow(name);
        storageClasses.remove(name);
        return removed;
    }

    private ObjectNode replaceStorageClass(ObjectNode current, ObjectNode proposed) throws ApiException {
        String name = current.path("metadata").path("name").asText();
        JsonNode metadata = proposed.path("metadata");
        if (!name.equals(metadata.path("name").asText(name))) {
            throw ApiException.badRequest("the name of the object ("
                    + metadata.path("name").asText()
                    + ") does not match the name on the URL ("
                    + name
                    + ")");
        }
        String wantedVersion = metadata.path("resourceVersion").asText("");
        String currentVersion = current.path("metadata").path("resourceVersion").asText();
        if (!wantedVersion.isEmpty() && !wantedVersion.equals(currentVersion)) {
            throw ApiException.conflict(SC_QUALIFIED, SC_GROUP, "storageclasses", name);
        }
        defaultStorageClass(proposed);
        // pkg/apis/storage/validation/validation.go, ValidateStorageClassUpdate: parameters,
        // provisioner, reclaimPolicy and volumeBindingMode are immutable; everything else
        // (mountOptions, allowVolumeExpansion, allowedTopologies, labels, annotations) is replaced.
        List<String> errors = new ArrayList<>();
        for (String field : List.of("parameters", "provisioner", "reclaimPolicy")) {
            if (!normalized(current.get(field)).equals(normalized(proposed.get(field)))) {
                errors.add(field + ": Forbidden: updates to " + field + " are forbidden.");
            }
        }
        if (!current.path("volumeBindingMode").equals(proposed.path("volumeBindingMode"))) {
            errors.add("volumeBindingMode: Invalid value: \""
                    + proposed.path("volumeBindingMode").asText()
                    + "\": field is immutable");
        }
        if (!errors.isEmpty()) {
            throw ClusterState.invalid(
                    "StorageClass",
                    SC_GROUP,
                    name,
                    errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        ObjectNode replaced = proposed;
        replaced.put("kind", "StorageClass").put("apiVersion", "storage.k8s.io/v1");
        ObjectNode newMeta = replaced.putObject("metadata");
        ObjectNode oldMeta = (ObjectNode) current.get("metadata");
        newMeta.put("name", name);
        newMeta.put("uid", oldMeta.path("uid").asText());
        newMeta.put("creationTimestamp", oldMeta.path("creationTimestamp").asText());
        for (String field : List.of("labels", "annotations")) {
            if (metadata.path(field).isObject() && !metadata.path(field).isEmpty()) {
                newMeta.set(field, metadata.get(field));
            }
        }
        if (replaced.equals(withVersion(current, currentVersion))) {
            return current.deepCopy();
        }
        newMeta.put("resourceVersion", Long.toString(cluster.nextResourceVersion()));
        replaced = reorder(replaced);
        storageClasses.put(name, replaced);
        return replaced.deepCopy();
    }

    private static ObjectNode withVersion(ObjectNode object, String version) {
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("metadata")).put("resourceVersion", version);
        return copy;
    }

    private ObjectNode newStorageClass(ObjectNode body) {
        ObjectNode sc = body.deepCopy();
        sc.put("kind", "StorageClass").put("apiVersion", "storage.k8s.io/v1");
        ObjectNode given = (ObjectNode) body.path("metadata");
        ObjectNode metadata = sc.putObject("metadata");
        metadata.put("name", given.path("name").asText());
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("resourceVersion", Long.toString(cluster.nextResourceVersion()));
        metadata.put("creationTimestamp", ObjectRenderer.timestamp(cluster.now()));
        for (String field : List.of("labels", "annotations")) {
            if (given.path(field).isObject() && !given.path(field).isEmpty()) {
                metadata.set(field, given.get(field));
            }
        }
        defaultStorageClass(sc);
        return reorder(sc);
    }

    private static void defaultStorageClass(ObjectNode sc) {
        if (!sc.hasNonNull("reclaimPolicy")) {
            sc.put("reclaimPolicy", "Delete");
        }
        if (!sc.hasNonNull("volumeBindingMode")) {
            sc.put("volumeBindingMode", "Immediate");
        }
        sc.remove("status");
    }

    private static ObjectNode reorder(ObjectNode sc) {
        ObjectNode ordered = JSON.objectNode();
        for (String field : List.of("kind", "apiVersion", "metadata")) {
            ordered.set(field, sc.get(field));
        }
        sc.fields().forEachRemaining(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    private static JsonNode normalized(JsonNode node) {
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            return JSON.missingNode();
        }
        return node;
    }

    private ObjectNode storageClassOrThrow(String name) throws ApiException {
        ObjectNode sc = storageClasses.get(name);
        if (sc == null) {
            throw ApiException.notFound(SC_QUALIFIED, SC_GROUP, "storageclasses", name);
        }
        return sc;
    }

    private static StorageClassView storageClassView(ObjectNode sc) {
        JsonNode metadata = sc.path("metadata");
        return new StorageClassView(
                metadata.path("name").asText(),
                sc.path("provisioner").asText(),
                ObjectRenderer.stringMap(sc.path("parameters")),
                sc.path("reclaimPolicy").asText(),
                sc.path("volumeBindingMode").asText(),
                ObjectRenderer.stringList(sc.path("mountOptions")),
                sc.path("allowVolumeExpansion").isBoolean()
                        ? sc.path("allowVolumeExpansion").booleanValue()
                        : null,
                ObjectRenderer.stringMap(metadata.path("labels")),
                ObjectRenderer.stringMap(metadata.path("annotations")),
                metadata.path("uid").asText(),
                metadata.path("resourceVersion").asText());
    }
}
