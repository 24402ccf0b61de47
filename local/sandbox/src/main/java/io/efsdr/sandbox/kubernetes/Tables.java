package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-side printing: the {@code meta.k8s.io/v1} Table a client gets when it asks for {@code
 * application/json;as=Table;v=v1;g=meta.k8s.io} (Kubernetes docs, "Kubernetes API Concepts",
 * Receiving resources as Tables), with the columns and cells of the API server's printers
 * (pkg/printers/internalversion/printers.go, AddHandlers and the print* functions; priority 1
 * columns are the ones {@code -o wide} adds). Each row carries the object as {@code
 * includeObject} asks: {@code None}, {@code Metadata} (default, a PartialObjectMetadata) or {@code
 * Object}.
 */
final class Tables {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NAME_DOC = "Name must be unique within a namespace.";
    private static final String AGE_DOC =
            "CreationTimestamp is a timestamp representing the server time when this" + " object was created.";

    private Tables() {}

    private record Column(String name, String type, int priority, String description) {}

    /** Whether an Accept header asks for a Table. */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
    }

    /**
     * The table of {@code objects} (each with its kind and apiVersion) of {@code resource}.
     *
     * @param resourceVersion the list's (or the one object's) resourceVersion
     */
    static ObjectNode table(
            String resource, List<JsonNode> objects, String resourceVersion, String includeObject, Instant now) {
        ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns(resource)) {
            definitions
                    .addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.name().equals("Name") ? "name" : "")
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : cells(resource, object, now)) {
                if (cell instanceof Integer number) {
                    cells.add(number);
                } else if (cell instanceof Boolean flag) {
                    cells.add(flag);
                } else {
                    cells.add(String.valueOf(cell));
                }
            }
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> {}
                case "Object" -> row.set("object", object);
                default -> {
                    ObjectNode partial = JSON.objectNode()
                            .put("kind", "PartialObjectMetadata")
                            .put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", object.path("metadata"));
                    row.set("object", partial);
                }
            }
        }
        return table;
    }

    private static List<Column> columns(String resource) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", 0, NAME_DOC));
        switch (resource) {
            case "deployments" -> {
                columns.add(new Column("Ready", "string", 0, "Number of the pod with ready state"));
                columns.add(new Column(
                        "Up-to-date",
                        "integer",
                        0,
                        "Total number of non-terminated pods targeted"
                                + " by this deployment that have the desired template spec."));
                columns.add(new Column(
                        "Available",
                        "integer",
                        0,
                        "Total number of available pods (ready for at"
                                + " least minReadySeconds) targeted by this deployment."));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
                columns.add(new Column("Containers", "string", 1, "Names of each container in the template."));
                columns.add(new Column("Images", "string", 1, "Images referenced by each container in the template."));
                columns.add(new Column("Selector", "string", 1, "Label selector for pods."));
            }
            case "statefulsets" -> {
                columns.add(new Column("Ready", "string", 0, "Number of the pod with ready state"));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
                columns.add(new Column("Containers", "string", 1, "Names of each container in the template."));
                columns.add(new Column("Images", "string", 1, "Images referenced by each container in the template."));
            }
            case "pods" -> {
                columns.add(new Column(
                        "Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."));
                columns.add(new Column("Status", "string", 0, "The aggregate status of the containers in this pod."));
                columns.add(new Column(
                        "Restarts",
                        "string",
                        0,
                        "The number of times the containers in this pod have"
                                + " been restarted and when the last container in this pod has restarted."));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
                columns.add(new Column("IP", "string", 1, "podIP address allocated to the pod."));
                columns.add(new Column(
                        "Node", "string", 1, "NodeName is a request to schedule this pod onto a" + " specific node."));
                columns.add(new Column(
                        "Nominated Node",
                        "string",
                        1,
                        "nominatedNodeName is set only when this pod" + " preempts other pods on the node."));
                columns.add(new Column(
                        "Readiness Gates",
                        "string",
                        1,
                        "If specified, all readiness gates will be" + " evaluated for pod readiness."));
            }
            case "persistentvolumeclaims" -> {
                columns.add(new Column(
                        "Status", "string", 0, "Phase represents the current phase of" + " PersistentVolumeClaim."));
                columns.add(new Column(
                        "Volume",
                        "string",
                        0,
                        "volumeName is the binding reference to the" + " PersistentVolume backing this claim."));
                columns.add(new Column(
                        "Capacity",
                        "string",
                        0,
                        "capacity represents the actual resources of the" + " underlying volume."));
                columns.add(new Column(
                        "Access Modes",
                        "string",
                        0,
                        "accessModes contains the desired access modes" + " the volume should have."));
                columns.add(new Column(
                        "StorageClass",
                        "string",
                        0,
                        "storageClassName is the name of the" + " StorageClass required by the claim."));
                columns.add(new Column(
                        "VolumeAttributesClass",
                        "string",
                        0,
                        "volumeAttributesClassName may be used"
                                + " to set the VolumeAttributesClass used by this claim."));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
                columns.add(new Column(
                        "VolumeMode",
                        "string",
                        1,
                        "volumeMode defines what type of volume is" + " required by the claim."));
            }
            case "storageclasses" -> {
                columns.add(new Column(
                        "Provisioner", "string", 0, "provisioner indicates the type of the" + " provisioner."));
                columns.add(new Column(
                        "ReclaimPolicy",
                        "string",
                        0,
                        "reclaimPolicy controls the reclaimPolicy for"
                                + " dynamically provisioned PersistentVolumes of this storage class."));
                columns.add(new Column(
                        "VolumeBindingMode",
                        "string",
                        0,
                        "volumeBindingMode indicates how"
                                + " PersistentVolumeClaims should be provisioned and bound."));
                columns.add(new Column(
                        "AllowVolumeExpansion",
                        "string",
                        0,
                        "allowVolumeExpansion shows whether the" + " storage class allow volume expand."));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
            }
            case "namespaces" -> {
                columns.add(new Column("Status", "string", 0, "The status of the namespace"));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
            }
            case "horizontalpodautoscalers" -> {
                columns.add(new Column(
                        "Reference",
                        "string",
                        0,
                        "reference to scaled resource; horizontal pod autoscaler will learn the current"
                                + " resource consumption and will set the desired number of pods by using its Scale"
                                + " subresource."));
                columns.add(new Column(
                        "Targets",
                        "string",
                        0,
                        "metrics contains the specifications for which to use"
                                + " to calculate the desired replica count."));
                columns.add(new Column(
                        "MinPods",
                        "string",
                        0,
                        "minReplicas is the lower limit for the number of"
                                + " replicas to which the autoscaler can scale down."));
                columns.add(new Column(
                        "MaxPods",
                        "integer",
                        0,
                        "maxReplicas is the upper limit for the number of"
                                + " replicas to which the autoscaler can scale up."));
                columns.add(new Column(
                        "Replicas",
                        "integer",
                        0,
                        "currentReplicas is current number of replicas of"
                                + " pods managed by this autoscaler, as last seen by the autoscaler."));
                columns.add(new Column("Age", "string", 0, AGE_DOC));
            }
            default -> columns.add(new Column("Age", "string", 0, AGE_DOC));
        }
        return columns;
    }

    private static List<Object> cells(String resource, JsonNode object, Instant now) {
        JsonNode metadata = object.path("metadata");
        JsonNode spec = object.path("spec");
        JsonNode status = object.path("status");
        String name = metadata.path("name").asText();
        String age = age(metadata.path("creationTimestamp").asText(""), now);
        List<Object> cells = new ArrayList<>();
        cells.add(name);
        switch (resource) {
            case "deployments" -> {
                cells.add(status.path("readyReplicas").asInt() + "/"
                        + spec.path("replicas").asInt());
                cells.add(status.path("updatedReplicas").asInt());
                cells.add(status.path("availableReplicas").asInt());
                cells.add(age);
                cells.add(containers(spec.path("template").path("spec"), "name"));
                cells.add(containers(spec.path("template").path("spec"), "image"));
                cells.add(selector(spec.path("selector").path("matchLabels")));
            }
            case "statefulsets" -> {
                cells.add(status.path("readyReplicas").asInt() + "/"
                        + spec.path("replicas").asInt());
                cells.add(age);
                cells.add(containers(spec.path("template").path("spec"), "name"));
                cells.add(containers(spec.path("template").path("spec"), "image"));
            }
            case "pods" -> {
                int total = spec.path("containers").size();
                int ready = 0;
                for (JsonNode container : status.path("containerStatuses")) {
                    ready += container.path("ready").asBoolean() ? 1 : 0;
                }
                cells.add(ready + "/" + total);
                // printPod: a pod with a deletionTimestamp shows "Terminating"
                cells.add(
                        metadata.has("deletionTimestamp")
                                ? "Terminating"
                                : status.path("phase").asText());
                cells.add("0");
                cells.add(age);
                cells.add(status.path("podIP").asText("<none>"));
                cells.add(spec.path("nodeName").asText("<none>"));
                cells.add(status.path("nominatedNodeName").asText("<none>"));
                cells.add("<none>");
            }
            case "persistentvolumeclaims" -> {
                cells.add(
                        metadata.has("deletionTimestamp")
                                ? "Terminating"
                                : status.path("phase").asText());
                cells.add(spec.path("volumeName").asText(""));
                cells.add(status.path("capacity").path("storage").asText(""));
                cells.add(accessModes(status.path("accessModes")));
                cells.add(spec.path("storageClassName").asText(""));
                cells.add(spec.path("volumeAttributesClassName").asText("<unset>"));
                cells.add(age);
                cells.add(spec.path("volumeMode").asText("<unset>"));
            }
            case "storageclasses" -> {
                boolean isDefault = "true"
                        .equals(metadata.path("annotations")
                                .path("storageclass.kubernetes.io/is-default-class")
                                .asText());
                cells.set(0, isDefault ? name + " (default)" : name);
                cells.add(object.path("provisioner").asText());
                cells.add(object.path("reclaimPolicy").asText("Delete"));
                cells.add(object.path("volumeBindingMode").asText("Immediate"));
                cells.add(object.path("allowVolumeExpansion").asBoolean(false));
                cells.add(age);
            }
            case "namespaces" -> {
                cells.add(status.path("phase").asText("Active"));
                cells.add(age);
            }
            case "horizontalpodautoscalers" -> {
                JsonNode target = spec.path("scaleTargetRef");
                cells.add(
                        target.path("kind").asText() + "/" + target.path("name").asText());
                cells.add(spec.path("metrics").isEmpty() ? "<none>" : "<unknown>");
                cells.add(spec.has("minReplicas") ? spec.path("minReplicas").asText() : "<unset>");
                cells.add(spec.path("maxReplicas").asInt());
                cells.add(status.path("currentReplicas").asInt());
                cells.add(age);
            }
            default -> cells.add(age);
        }
        return cells;
    }

    private static String containers(JsonNode podSpec, String field) {
        List<String> values = new ArrayList<>();
        podSpec.path("containers").forEach(c -> values.add(c.path(field).asText()));
        return String.join(",", values);
    }

    private static String selector(JsonNode matchLabels) {
        List<String> terms = new ArrayList<>();
        matchLabels
                .fields()
                .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
        return terms.isEmpty() ? "<none>" : String.join(",", terms);
    }

    /** pkg/api/v1/persistentvolume/util.go GetAccessModesAsString: RWO, ROX, RWX, RWOP. */
    private static String accessModes(JsonNode modes) {
        List<String> out = new ArrayList<>();
        for (JsonNode mode : modes) {
            out.add(
                    switch (mode.asText()) {
                        case "ReadWriteOnce" -> "RWO";
                        case "ReadOnlyMany" -> "ROX";
                        case "ReadWriteMany" -> "RWX";
                        case "ReadWriteOncePod" -> "RWOP";
                        default -> mode.asText();
                    });
        }
        return String.join(",", out);
    }

    /** translateTimestampSince: duration.HumanDuration (staging/src/k8s.io/apimachinery/pkg/util/duration). */
    static String age(String timestamp, Instant now) {
        if (timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : String.format(Locale.ROOT, "%dm%ds", minutes, s);
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : String.format(Locale.ROOT, "%dh%dm", hours, m);
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : String.format(Locale.ROOT, "%dd%dh", hours / 24, h);
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : String.format(Locale.ROOT, "%dy%dd", hours / 24 / 365, days);
        }
        return hours / 24 / 365 + "y";
    }
}
