package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Site;
import io.efsdr.plan.StorageClassSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes a cluster's EFS StorageClass point at its own region's file system with the plan's
 * parameters. Absent: create. Equal: nothing. Different: parameters are immutable (the API server
 * answers 422 to a change), so delete and re-create, and report each difference. The re-created
 * object keeps everything of the old one but its parameters and provisioner: mount options,
 * volume expansion, topologies, binding mode, reclaim policy, labels and annotations (a default
 * StorageClass stays the default). Bound volumes keep their own {@code fs-...::fsap-...} handle and
 * are not affected.
 */
public final class StorageClassEnsurer {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The StorageClass (storage.k8s.io/v1) fields besides metadata, parameters, provisioner and reclaimPolicy. */
    private static final List<String> KEPT_FIELDS =
            List.of("mountOptions", "allowVolumeExpansion", "allowedTopologies", "volumeBindingMode");

    private final KubernetesClusters connections;
    private final Clock clock;

    public StorageClassEnsurer(KubernetesClusters connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    public StorageClassResult ensure(Site site, StorageClassSpec spec, boolean dryRun) {
        Instant started = clock.instant();
        KubernetesApi client = connections.client(site);
        Map<String, String> wanted = spec.parametersFor(site.fileSystemId());
        Optional<JsonNode> existing = client.get(Paths.storageClass(spec.name()));
        if (existing.isEmpty()) {
            ObjectNode created = desired(spec.name(), wanted);
            if (!dryRun) {
                client.create(Paths.storageClasses(), created);
            }
            return result(
                    spec,
                    site,
                    dryRun ? StorageClassAction.DRY_RUN_CREATED : StorageClassAction.CREATED,
                    Map.of(),
                    created,
                    (dryRun ? "would create" : "created") + " StorageClass " + spec.name() + " for "
                            + site.fileSystemId(),
                    started);
        }
        Map<String, String> differences = differences(existing.get(), wanted);
        if (differences.isEmpty()) {
            return result(
                    spec,
                    site,
                    StorageClassAction.UNCHANGED,
                    Map.of(),
                    existing.get(),
                    "StorageClass " + spec.name() + " already points at " + site.fileSystemId()
                            + " with the plan's parameters",
                    started);
        }
        ObjectNode recreated = recreated(existing.get(), spec.name(), wanted);
        if (!dryRun) {
            client.delete(Paths.storageClass(spec.name()));
            client.create(Paths.storageClasses(), recreated);
        }
        return result(
                spec,
                site,
                dryRun ? StorageClassAction.DRY_RUN_RECREATED : StorageClassAction.RECREATED,
                differences,
                recreated,
                (dryRun ? "would re-create" : "re-created") + " StorageClass " + spec.name()
                        + " because its parameters are immutable and differed: " + differences
                        + "; existing volumes keep their own access points",
                started);
    }

    /**
     * Compares the site's StorageClass with the reference site's: they must be equal except
     * {@code fileSystemId}, which must be each site's own. When the reference cannot be read (its
     * region down, say) the plan's parameters stand in for it, and the report says so.
     */
    public StorageClassDrift drift(Site site, Site reference, StorageClassSpec spec) {
        Optional<JsonNode> existing = connections.client(site).get(Paths.storageClass(spec.name()));
        Map<String, String> wanted = spec.parametersFor(site.fileSystemId());
        String referenceName = "the plan's parameters";
        Map<String, String> referenceProblems = new TreeMap<>();
        try {
            Optional<JsonNode> other = connections.client(reference).get(Paths.storageClass(spec.name()));
            if (other.isPresent()) {
                wanted = new LinkedHashMap<>();
                Map<String, String> target = wanted;
                other.get()
                        .path("parameters")
                        .fields()
                        .forEachRemaining(
                                e -> target.put(e.getKey(), e.getValue().asText()));
                String referenceFileSystem = wanted.get("fileSystemId");
                if (!reference.fileSystemId().equals(referenceFileSystem)) {
                    referenceProblems.put(
                            "fileSystemId in " + reference.clusterName(),
                            referenceFileSystem + " -> " + reference.fileSystemId());
                }
                wanted.put("fileSystemId", site.fileSystemId());
                referenceName = "StorageClass " + spec.name() + " in " + reference.clusterName();
            } else {
                referenceName = "the plan's parameters (" + reference.clusterName() + " has no StorageClass "
                        + spec.name() + ")";
            }
        } catch (RuntimeException e) {
            referenceName =
                    "the plan's parameters (" + reference.clusterName() + " could not be read: " + e.getMessage() + ")";
        }
        if (existing.isEmpty()) {
            return new StorageClassDrift(false, referenceName, Map.of());
        }
        Map<String, String> differences = new TreeMap<>(differences(existing.get(), wanted));
        differences.putAll(referenceProblems);
        return new StorageClassDrift(true, referenceName, differences);
    }

    private StorageClassResult result(
            StorageClassSpec spec,
            Site site,
            StorageClassAction action,
            Map<String, String> differences,
            JsonNode storageClass,
            String summary,
            Instant started) {
        return new StorageClassResult(
                spec.name(),
                site.clusterName(),
                action,
                differences,
                mountOptions(storageClass),
                summary,
                started,
                clock.instant());
    }

    /** The object's {@code mountOptions}, empty when it has none. */
    static List<String> mountOptions(JsonNode storageClass) {
        List<String> options = new ArrayList<>();
        storageClass.path("mountOptions").forEach(option -> options.add(option.asText()));
        return List.copyOf(options);
    }

    /** Each way {@code existing} differs from the wanted parameters and provisioner: {@code current -> wanted}. */
    public static Map<String, String> differences(JsonNode existing, Map<String, String> wanted) {
        Map<String, String> differences = new TreeMap<>();
        String provisioner = existing.path("provisioner").asText("");
        if (!provisioner.equals(StorageClassSpec.PROVISIONER)) {
            differences.put("provisioner", provisioner + " -> " + StorageClassSpec.PROVISIONER);
        }
        JsonNode parameters = existing.path("parameters");
        parameters.fieldNames().forEachRemaining(key -> {
            if (!wanted.containsKey(key)) {
                differences.put(key, parameters.get(key).asText() + " -> (absent)");
            }
        });
        wanted.forEach((key, value) -> {
            JsonNode current = parameters.get(key);
            if (current == null || !current.asText().equals(value)) {
                differences.put(key, (current == null ? "(absent)" : current.asText()) + " -> " + value);
            }
        });
        return differences;
    }

    private static ObjectNode desired(String name, Map<String, String> parameters) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("apiVersion", "storage.k8s.io/v1");
        object.put("kind", "StorageClass");
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put(MANAGED_BY, "efs-dr");
        object.put("provisioner", StorageClassSpec.PROVISIONER);
        ObjectNode params = object.putObject("parameters");
        parameters.forEach(params::put);
        object.put("reclaimPolicy", "Retain");
        return object;
    }

    /**
     * The StorageClass to create in place of {@code existing}: the plan's parameters and provisioner,
     * everything else the user set carried over. Of the metadata only name, labels and annotations
     * are kept; what the API server sets (uid, resourceVersion, creationTimestamp, managedFields, ...)
     * is not sent. An existing {@value #MANAGED_BY} label (Helm's, say) is left as it is.
     */
    static ObjectNode recreated(JsonNode existing, String name, Map<String, String> parameters) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("apiVersion", "storage.k8s.io/v1");
        object.put("kind", "StorageClass");
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        ObjectNode labels = metadata.putObject("labels");
        existing.path("metadata")
                .path("labels")
                .fields()
                .forEachRemaining(e -> labels.set(e.getKey(), e.getValue().deepCopy()));
        if (!labels.has(MANAGED_BY)) {
            labels.put(MANAGED_BY, "efs-dr");
        }
        JsonNode annotations = existing.path("metadata").path("annotations");
        if (annotations.isObject() && !annotations.isEmpty()) {
            metadata.set("annotations", annotations.deepCopy());
        }
        object.put("provisioner", StorageClassSpec.PROVISIONER);
        ObjectNode params = object.putObject("parameters");
        parameters.forEach(params::put);
        object.put("reclaimPolicy", existing.path("reclaimPolicy").asText("Retain"));
        for (String field : KEPT_FIELDS) {
            JsonNode value = existing.get(field);
            if (value != null && !value.isNull()) {
                object.set(field, value.deepCopy());
            }
        }
        return object;
    }
}
