package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The wire form of the model's objects: how the API server renders a workload, its Scale, a pod, a
 * claim, a namespace and a list, as {@code kubectl get -o json} shows them. Stateless; the caller
 * holds the cluster's lock.
 */
final class ObjectRenderer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ObjectRenderer() {}

    static ObjectNode namespace(String name, Instant clusterCreated, boolean withType) {
        ObjectNode namespace = JSON.objectNode();
        if (withType) {
            namespace.put("kind", "Namespace").put("apiVersion", "v1");
        }
        ObjectNode metadata = metadata(
                namespace.putObject("metadata"),
                name,
                null,
                UUID.nameUUIDFromBytes(("namespace/" + name).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                1,
                clusterCreated);
        metadata.putObject("labels").put("kubernetes.io/metadata.name", name);
        namespace.putObject("spec").putArray("finalizers").add("kubernetes");
        namespace.putObject("status").put("phase", "Active");
        return namespace;
    }

    static ObjectNode scale(Workload workload) {
        ObjectNode scale = JSON.objectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        metadata(
                scale.putObject("metadata"),
                workload.name,
                workload.namespace,
                workload.uid,
                workload.resourceVersion,
                workload.created);
        ObjectNode spec = scale.putObject("spec");
        putIfNonZero(spec, "replicas", workload.specReplicas);
        scale.putObject("status").put("replicas", workload.status().replicas()).put("selector", workload.selector());
        return scale;
    }

    /** A Deployment or StatefulSet; {@code templateGrace} is its pod template's terminationGracePeriodSeconds. */
    static ObjectNode workload(Workload workload, boolean withType, long templateGrace) {
        ObjectNode object = JSON.objectNode();
        if (withType) {
            object.put("kind", workload.kind.kind()).put("apiVersion", "apps/v1");
        }
        ObjectNode metadata = metadata(
                object.putObject("metadata"),
                workload.name,
                workload.namespace,
                workload.uid,
                workload.resourceVersion,
                workload.created);
        metadata.put("generation", workload.generation);
        putMap(metadata, "labels", workload.labels);
        putMap(metadata, "annotations", workload.annotations);

        ObjectNode spec = object.putObject("spec");
        spec.put("replicas", workload.specReplicas);
        putMap(spec.putObject("selector"), "matchLabels", workload.labels);
        if (workload.kind == WorkloadKind.STATEFULSET) {
            spec.put("serviceName", workload.name);
            spec.put("podManagementPolicy", "OrderedReady");
            // The defaults (pkg/apis/apps/v1/defaults.go, SetDefaults_StatefulSet): RollingUpdate, partition 0,
            // which `kubectl rollout status` requires (kubectl/pkg/polymorphichelpers/rollout_status.go).
            spec.putObject("updateStrategy")
                    .put("type", "RollingUpdate")
                    .putObject("rollingUpdate")
                    .put("partition", 0);
        }
        ObjectNode template = spec.putObject("template");
        putMap(template.putObject("metadata"), "labels", workload.labels);
        podSpec(template.putObject("spec"), workload, null, templateGrace);
        if (workload.kind == WorkloadKind.STATEFULSET) {
            ArrayNode templates = spec.putArray("volumeClaimTemplates");
            for (VolumeClaimTemplate claim : workload.templates) {
                ObjectNode t = templates.addObject();
                t.put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
                t.putObject("metadata").put("name", claim.name());
                ObjectNode claimSpec = t.putObject("spec");
                claimSpec.putArray("accessModes").add("ReadWriteMany");
                claimSpec.putObject("resources").putObject("requests").put("storage", "5Gi");
                claimSpec.put("storageClassName", claim.storageClassName());
                claimSpec.put("volumeMode", "Filesystem");
            }
        }

        ObjectNode status = object.putObject("status");
        Workload.Status counts = workload.status();
        if (workload.kind == WorkloadKind.DEPLOYMENT) {
            putIfNonZero(status, "observedGeneration", workload.observedGeneration);
            putIfNonZero(status, "replicas", counts.replicas());
            putIfNonZero(status, "updatedReplicas", counts.updated());
            putIfNonZero(status, "readyReplicas", counts.ready());
            putIfNonZero(status, "availableReplicas", counts.available());
        } else {
            putIfNonZero(status, "observedGeneration", workload.observedGeneration);
            status.put("replicas", counts.replicas());
            putIfNonZero(status, "readyReplicas", counts.ready());
            putIfNonZero(status, "currentReplicas", counts.current());
            putIfNonZero(status, "updatedReplicas", counts.updated());
            status.put("currentRevision", workload.name + "-" + workload.templateHash);
            status.put("updateRevision", workload.name + "-" + workload.templateHash);
            status.put("availableReplicas", counts.available());
        }
        return object;
    }

    /** The pod template's spec, or with {@code pod} the spec of that pod. */
    private static void podSpec(ObjectNode podSpec, Workload workload, Pod pod, long templateGrace) {
        ObjectNode container = podSpec.putArray("containers").addObject();
        container.put("name", "app").put("image", "public.ecr.aws/docker/library/busybox:stable");
        ArrayNode mounts = container.putArray("volumeMounts");
        ArrayNode volumes = JSON.arrayNode();
        if (workload.kind == WorkloadKind.DEPLOYMENT) {
            for (int i = 0; i < workload.claimNames.size(); i++) {
                String volume = "data-" + i;
                volumes.addObject()
                        .put("name", volume)
                        .putObject("persistentVolumeClaim")
                        .put("claimName", workload.claimNames.get(i));
                mounts.addObject().put("name", volume).put("mountPath", "/data/" + i);
            }
        } else {
            for (VolumeClaimTemplate claim : workload.templates) {
                mounts.addObject().put("name", claim.name()).put("mountPath", "/data/" + claim.name());
                if (pod != null) {
                    // Each pod's claim is <template>-<statefulset>-<ordinal> (Kubernetes docs,
                    // "StatefulSets", Stable Storage; stateful_set_utils.go, getPersistentVolumeClaimName).
                    volumes.addObject()
                            .put("name", claim.name())
                            .putObject("persistentVolumeClaim")
                            .put("claimName", claim.name() + "-" + pod.name);
                }
            }
        }
        if (!volumes.isEmpty()) {
            podSpec.set("volumes", volumes);
        }
        podSpec.put("restartPolicy", "Always");
        podSpec.put("terminationGracePeriodSeconds", pod == null ? templateGrace : pod.terminationGraceSeconds);
        if (pod != null && workload.kind == WorkloadKind.STATEFULSET) {
            // stateful_set_utils.go, updateIdentity: hostname = pod name, subdomain = serviceName.
            podSpec.put("hostname", pod.name).put("subdomain", workload.name);
        }
    }

    /**
     * The template's labels plus what the controller adds: {@code pod-template-hash} on a
     * ReplicaSet's pods (Kubernetes docs, "Deployments", Pod-template-hash label); {@code
     * controller-revision-hash}, {@code statefulset.kubernetes.io/pod-name} and {@code
     * apps.kubernetes.io/pod-index} on a StatefulSet's (Kubernetes docs, "StatefulSets", Pod
     * Identity).
     */
    static Map<String, String> podLabels(Pod pod) {
        Workload owner = pod.owner;
        Map<String, String> labels = new TreeMap<>(owner.labels);
        if (owner.kind == WorkloadKind.DEPLOYMENT) {
            labels.put("pod-template-hash", owner.templateHash);
        } else {
            labels.put("apps.kubernetes.io/pod-index", Integer.toString(pod.ordinal));
            labels.put("controller-revision-hash", owner.name + "-" + owner.templateHash);
            labels.put("statefulset.kubernetes.io/pod-name", pod.name);
        }
        return labels;
    }

    static ObjectNode pod(Pod pod, boolean withType) {
        Workload owner = pod.owner;
        ObjectNode object = JSON.objectNode();
        if (withType) {
            object.put("kind", "Pod").put("apiVersion", "v1");
        }
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", pod.name);
        if (owner.kind == WorkloadKind.DEPLOYMENT) {
            metadata.put("generateName", owner.podOwnerName() + "-");
        }
        metadata.put("namespace", owner.namespace);
        metadata.put("uid", pod.uid);
        metadata.put("resourceVersion", Long.toString(pod.resourceVersion));
        metadata.put("creationTimestamp", timestamp(pod.createdAt));
        if (pod.terminating()) {
            // rest/delete.go, BeforeDelete: deletionTimestamp = now + grace, and the grace it was given.
            metadata.put("deletionTimestamp", timestamp(pod.deletionTimestamp()));
            metadata.put("deletionGracePeriodSeconds", pod.deletionGraceSeconds);
        }
        putMap(metadata, "labels", podLabels(pod));
        metadata.putArray("ownerReferences")
                .addObject()
                .put("apiVersion", "apps/v1")
                .put("kind", owner.kind == WorkloadKind.DEPLOYMENT ? "ReplicaSet" : "StatefulSet")
                .put("name", owner.podOwnerName())
                .put("uid", owner.podOwnerUid())
                .put("controller", true)
                .put("blockOwnerDeletion", true);

        podSpec(object.putObject("spec"), owner, pod, pod.terminationGraceSeconds);

        String readySince = timestamp(pod.ready ? pod.readySince : pod.createdAt);
        String started = timestamp(pod.createdAt);
        // Kubernetes API reference, PodStatus: phase, and reason ("Evicted", "Shutdown", "NodeLost").
        ObjectNode status = object.putObject("status").put("phase", pod.phase == null ? "Running" : pod.phase);
        if (pod.reason != null) {
            status.put("reason", pod.reason);
        }
        ArrayNode conditions = status.putArray("conditions");
        if (pod.onNotReadyNode && pod.terminating()) {
            // The taint-based eviction marks the pod before deleting it (pkg/controller/tainteviction,
            // addConditionAndDeletePod: DisruptionTarget, reason DeletionByTaintManager).
            conditions
                    .addObject()
                    .put("type", "DisruptionTarget")
                    .put("status", "True")
                    .putNull("lastProbeTime")
                    .put("lastTransitionTime", timestamp(pod.deletionRequestedAt))
                    .put("reason", "DeletionByTaintManager")
                    .put("message", "Taint manager: deleting due to NoExecute taint");
        }
        condition(conditions, "Initialized", true, started);
        // A pod that ended, or whose node stopped reporting, is not Ready (the kubelet: reason
        // PodCompleted; the node lifecycle controller: MarkPodsNotReady).
        condition(
                conditions,
                "Ready",
                pod.ready,
                pod.ended() ? timestamp(pod.endedAt) : readySince,
                pod.ended() ? "PodCompleted" : null);
        condition(
                conditions,
                "ContainersReady",
                pod.ready,
                pod.ended() ? timestamp(pod.endedAt) : readySince,
                pod.ended() ? "PodCompleted" : null);
        condition(conditions, "PodScheduled", true, started);
        status.put("startTime", started);
        ObjectNode container = status.putArray("containerStatuses").addObject();
        container
                .put("name", "app")
                .put("image", "public.ecr.aws/docker/library/busybox:stable")
                .put("ready", pod.ready)
                .put("restartCount", 0)
                .put("started", !pod.ended());
        if (pod.ended()) {
            boolean failed = pod.phase.equals("Failed");
            container
                    .putObject("state")
                    .putObject("terminated")
                    .put("exitCode", failed ? 137 : 0)
                    .put("reason", failed ? "Error" : "Completed")
                    .put("startedAt", started)
                    .put("finishedAt", timestamp(pod.endedAt));
        } else {
            container.putObject("state").putObject("running").put("startedAt", started);
        }
        return object;
    }

    private static void condition(ArrayNode conditions, String type, boolean isTrue, String since) {
        condition(conditions, type, isTrue, since, null);
    }

    private static void condition(ArrayNode conditions, String type, boolean isTrue, String since, String reason) {
        ObjectNode condition = conditions
                .addObject()
                .put("type", type)
                .put("status", isTrue ? "True" : "False")
                .putNull("lastProbeTime")
                .put("lastTransitionTime", since);
        if (reason != null) {
            condition.put("reason", reason);
        }
    }

    static ObjectNode claim(PersistentVolumeClaimView claim, long version, Instant created, boolean withType) {
        ObjectNode object = JSON.objectNode();
        if (withType) {
            object.put("kind", "PersistentVolumeClaim").put("apiVersion", "v1");
        }
        ObjectNode metadata =
                metadata(object.putObject("metadata"), claim.name(), claim.namespace(), claim.uid(), version, created);
        metadata.putArray("finalizers").add("kubernetes.io/pvc-protection");
        boolean bound = claim.phase().equals("Bound");
        if (bound) {
            metadata.putObject("annotations")
                    .put("pv.kubernetes.io/bind-completed", "yes")
                    .put("volume.kubernetes.io/storage-provisioner", "efs.csi.aws.com");
        }
        ObjectNode spec = object.putObject("spec");
        spec.putArray("accessModes").add("ReadWriteMany");
        spec.putObject("resources").putObject("requests").put("storage", "5Gi");
        spec.put("storageClassName", claim.storageClassName());
        spec.put("volumeMode", "Filesystem");
        if (!claim.volumeName().isEmpty()) {
            spec.put("volumeName", claim.volumeName());
        }
        ObjectNode status = object.putObject("status").put("phase", claim.phase());
        if (bound) {
            status.putArray("accessModes").add("ReadWriteMany");
            status.putObject("capacity").put("storage", "5Gi");
        }
        return object;
    }

    /** An empty list of {@code kind} as of the cluster's {@code resourceVersion}. */
    static ObjectNode list(String kind, String apiVersion, long resourceVersion) {
        ObjectNode list = JSON.objectNode();
        list.put("kind", kind).put("apiVersion", apiVersion);
        list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        return list;
    }

    static ObjectNode metadata(
            ObjectNode metadata, String name, String namespace, String uid, long version, Instant created) {
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("uid", uid);
        metadata.put("resourceVersion", Long.toString(version));
        metadata.put("creationTimestamp", timestamp(created));
        return metadata;
    }

    static void putMap(ObjectNode parent, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = parent.putObject(field);
            new TreeMap<>(values).forEach(map::put);
        }
    }

    static void putIfNonZero(ObjectNode parent, String field, long value) {
        if (value != 0) {
            parent.put(field, value);
        }
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), field.getValue().asText());
            }
        }
        return Map.copyOf(map);
    }

    static List<String> stringList(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> list.add(item.asText()));
        }
        return List.copyOf(list);
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
