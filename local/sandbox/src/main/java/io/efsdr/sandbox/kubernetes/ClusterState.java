package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The model of one cluster: its objects, the controllers acting on them, and the API semantics on
 * them (resourceVersions, scale, conflicts). Every method is atomic; times come from the virtual
 * clock. Methods named after verbs answer JSON or throw {@link ApiException}. Its parts: {@link
 * StorageClasses} (StorageClasses and their semantics), {@link PodHost} (the pod controllers'
 * hands), {@link ObjectRenderer} (the wire form of the objects) and {@link ClusterFixture}
 * (seeding). The API server around it is {@link ApiServer}; what it observed is {@link
 * ClusterObservations}.
 */
final class ClusterState implements GitOpsObject.LeverListener {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SC_GROUP = "storage.k8s.io";
    private static final String SC_QUALIFIED = "storageclasses.storage.k8s.io";

    private final Clock clock;
    final StorageClasses storageClasses = new StorageClasses(this);
    final Map<String, Workload> workloads = new TreeMap<>();
    final Map<String, PersistentVolumeClaimView> claims = new TreeMap<>();
    final Map<String, Long> claimVersions = new TreeMap<>();
    final Map<String, Instant> claimCreated = new TreeMap<>();
    /** Every pod ever created, in creation order, gone ones included. */
    final List<Pod> podHistory = new ArrayList<>();

    final PodHost host = new PodHost(this);
    final GitOpsControllers controllers = new GitOpsControllers();
    /** The GitOps objects that live in this cluster (issue 22), by {@code <plural>/<namespace>/<name>}. */
    final Map<String, GitOpsObject> gitOpsObjects = new TreeMap<>();
    /** The GitOps objects (here or in a management cluster) that manage this cluster's workloads, by workload id. */
    final Map<String, List<GitOpsObject>> managedBy = new TreeMap<>();

    private final Instant clusterCreated;
    private long resourceVersion = 1000;
    Duration readinessDelay = Duration.ofSeconds(5);
    /**
     * The pods' {@code spec.terminationGracePeriodSeconds}; 30 s is the API's default (Kubernetes
     * API reference, Pod v1, PodSpec: "Defaults to 30 seconds").
     */
    long terminationGraceSeconds = 30;

    ClusterState(Clock clock) {
        this.clock = clock;
        this.clusterCreated = clock.instant().minus(Duration.ofDays(30));
    }

    synchronized void setReadinessDelay(Duration delay) {
        readinessDelay = delay;
    }

    /**
     * Sets every pod's {@code terminationGracePeriodSeconds}, as if the workloads' pod templates had
     * always said so: pods created from now on and pods not yet terminating take it.
     */
    synchronized void setTerminationGrace(Duration grace) {
        if (grace.isNegative() || grace.toNanosPart() != 0) {
            throw new IllegalArgumentException(
                    "terminationGracePeriodSeconds is a whole, non-negative number of seconds: " + grace);
        }
        evaluate();
        terminationGraceSeconds = grace.toSeconds();
        for (Workload workload : workloads.values()) {
            for (Pod pod : workload.pods) {
                if (!pod.terminating()) {
                    pod.terminationGraceSeconds = terminationGraceSeconds;
                }
            }
        }
    }

    /** Applies every pod change due by now, each at its own time; true when anything changed. */
    synchronized boolean evaluate() {
        Instant now = clock.instant();
        boolean changed = false;
        for (GitOpsControllers.Due due = controllers.nextDue(now); due != null; due = controllers.nextDue(now)) {
            Workload workload = due.workload();
            workload.evaluate(due.at(), host);
            controllers.done(due);
            if (workload.scale(due.replicas(), due.at(), host)) {
                workload.resourceVersion = ++resourceVersion;
                changed = true;
            }
            controllers.scaled(workload, due.replicas(), due.at(), due.tracking());
        }
        for (Workload workload : workloads.values()) {
            changed |= workload.evaluate(now, host);
        }
        return changed;
    }

    /** Adds a GitOps controller; it manages the matching workloads seeded after this. */
    synchronized void addController(GitOpsControllers.Spec spec) {
        controllers.add(spec);
    }

    /** Every revert the controllers made, in time order; evaluate first. */
    synchronized List<GitOpsControllers.Revert> controllerReverts() {
        return controllers.journal();
    }

    /** Every pod that ever existed, in creation order; evaluate first for an up-to-date answer. */
    synchronized List<PodLifetime> podLifetimes() {
        return podHistory.stream().map(Pod::lifetime).toList();
    }

    /** Every change of a workload's {@code spec.replicas} after seeding, in time order. */
    synchronized List<ScaleChange> scaleChanges() {
        return workloads.values().stream()
                .flatMap(w -> w.scaleChanges.stream())
                .sorted(Comparator.comparing(ScaleChange::at))
                .toList();
    }

    /**
     * Pods that exist now and may still write: terminating ones and ones in phase Unknown included,
     * ended ones (Failed, Succeeded) not; evaluate first.
     */
    synchronized int podCount() {
        return workloads.values().stream()
                .mapToInt(w -> (int) w.pods.stream().filter(Pod::mayWrite).count())
                .sum();
    }

    synchronized List<GitOpsObject> gitOpsObjects() {
        return List.copyOf(gitOpsObjects.values());
    }

    /**
     * A lever of {@code object} moved at {@code at}: the controllers of the workloads it manages here
     * stop or resume ({@link GitOpsControllers#leverChanged}); what was due before is applied first.
     */
    @Override
    public synchronized void leverChanged(GitOpsObject object, Instant at) {
        evaluate();
        for (Workload workload : controllers.managedBy(object)) {
            controllers.leverChanged(workload, at);
        }
    }

    synchronized ObjectNode getGitOpsObject(String plural, String namespace, String name) throws ApiException {
        return gitOpsObjectOrThrow(plural, namespace, name).render(now());
    }

    synchronized ObjectNode listGitOpsObjects(String plural, String namespace, LabelSelector selector) {
        GitOpsObject.Kind kind = GitOpsObject.Kind.ofPlural(plural);
        ObjectNode list = ObjectRenderer.list(kind.kind + "List", kind.group + "/" + kind.version, resourceVersion);
        ArrayNode items = list.putArray("items");
        for (GitOpsObject object : gitOpsObjects.values()) {
            if (object.kind == kind && (namespace == null || object.namespace.equals(namespace))) {
                ObjectNode rendered = object.render(now());
                if (selector.matches(
                        ObjectRenderer.stringMap(rendered.path("metadata").path("labels")))) {
                    items.add(rendered);
                }
            }
        }
        return list;
    }

    /** A merge patch of a GitOps object; a moved lever is passed on to the clusters whose workloads it manages. */
    synchronized ObjectNode patchGitOpsObject(String plural, String namespace, String name, JsonNode patch)
            throws ApiException {
        GitOpsObject object = gitOpsObjectOrThrow(plural, namespace, name);
        long[] version = {resourceVersion};
        GitOpsObject.Patched patched = object.patch(patch, now(), USER, version);
        resourceVersion = version[0];
        if (patched.leverMoved()) {
            for (GitOpsObject.LeverListener listener : object.listeners()) {
                listener.leverChanged(object, now());
            }
            return object.render(now());
        }
        return patched.body();
    }

    /** Who the stand-in's callers are (the identity its 403 answers name). */
    static final String USER = "dr-orchestrator";

    private GitOpsObject gitOpsObjectOrThrow(String plural, String namespace, String name) throws ApiException {
        GitOpsObject object = gitOpsObjects.get(key(plural, namespace, name));
        if (object == null) {
            GitOpsObject.Kind kind = GitOpsObject.Kind.ofPlural(plural);
            throw ApiException.notFound(plural + "." + kind.group, kind.group, plural, name);
        }
        return object;
    }

    /**
     * A merge patch of a Deployment or StatefulSet itself (not its scale): its {@code
     * metadata.annotations}, and {@code spec.replicas} as a scale would set it. The stand-in serves no
     * other change of a workload and answers 422 naming the field. A change of a Deployment's
     * annotations bumps its {@code metadata.generation} (pkg/registry/apps/deployment/strategy.go,
     * PrepareForUpdate compares the annotations too); a StatefulSet's only on a spec change
     * (pkg/registry/apps/statefulset/strategy.go). Setting or removing {@code
     * kustomize.toolkit.fluxcd.io/reconcile: disabled} moves the lever of the Kustomization that
     * manages it.
     */
    synchronized ObjectNode patchWorkload(WorkloadKind kind, String namespace, String name, JsonNode patch)
            throws ApiException {
        Workload workload = workloadOrThrow(kind, namespace, name);
        for (var it = patch.fields(); it.hasNext(); ) {
            var field = it.next();
            List<String> allowed = switch (field.getKey()) {
                case "metadata" -> List.of("annotations", "resourceVersion", "name", "namespace");
                case "spec" -> List.of("replicas");
                case "apiVersion", "kind" -> null;
                default ->
                    throw invalid(
                            kind.kind(),
                            "apps",
                            name,
                            field.getKey() + ": Forbidden: the sandbox's stand-in serves only changes of "
                                    + "metadata.annotations and spec.replicas of a workload");
            };
            if (allowed != null && field.getValue().isObject()) {
                for (var names = field.getValue().fieldNames(); names.hasNext(); ) {
                    String inner = names.next();
                    if (!allowed.contains(inner)) {
                        throw invalid(
                                kind.kind(),
                                "apps",
                                name,
                                field.getKey() + "." + inner + ": Forbidden: the sandbox's stand-in serves only"
                                        + " changes of metadata.annotations and spec.replicas of a workload");
                    }
                }
            }
        }
        String bodyName = patch.path("metadata").path("name").asText(name);
        if (!bodyName.equals(name)) {
            throw ApiException.badRequest(
                    "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        String wantedVersion = patch.path("metadata").path("resourceVersion").asText("");
        if (!wantedVersion.isEmpty() && !wantedVersion.equals(Long.toString(workload.resourceVersion))) {
            throw ApiException.conflict(kind.resource() + ".apps", "apps", kind.resource(), name);
        }
        Instant now = now();
        JsonNode annotationsPatch = patch.path("metadata").path("annotations");
        if (!annotationsPatch.isMissingNode()) {
            ObjectNode current = JSON.objectNode();
            new TreeMap<>(workload.annotations).forEach(current::put);
            JsonNode merged = MergePatch.apply(current, annotationsPatch);
            Map<String, String> annotations = new TreeMap<>();
            if (merged.isObject()) {
                for (var it = merged.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw invalid(
                                kind.kind(),
                                "apps",
                                name,
                                "metadata.annotations: Invalid value: " + e.getValue() + ": values must be strings");
                    }
                    annotations.put(e.getKey(), e.getValue().asText());
                }
            }
            if (!annotations.equals(new TreeMap<>(workload.annotations))) {
                workload.annotations = Map.copyOf(annotations);
                workload.resourceVersion = ++resourceVersion;
                if (kind == WorkloadKind.DEPLOYMENT) {
                    workload.generation++;
                    workload.observedGeneration = workload.generation;
                }
                boolean disabled = "disabled".equals(annotations.get(GitOpsObject.FLUX_RECONCILE));
                String id = GitOpsControllers.id(workload);
                boolean moved = false;
                for (GitOpsObject object : controllers.managersOf(workload)) {
                    moved |= object.workloadLever(id, disabled, now, USER);
                }
                if (moved) {
                    controllers.leverChanged(workload, now);
                }
            }
        }
        JsonNode replicas = patch.path("spec").path("replicas");
        if (!replicas.isMissingNode()) {
            ObjectNode scalePatch = JSON.objectNode();
            scalePatch.putObject("spec").set("replicas", replicas);
            writeScale(workload, MergePatch.apply(ObjectRenderer.scale(workload), scalePatch), "");
        }
        return ObjectRenderer.workload(workload, true, terminationGraceSeconds);
    }
    // ---- issue 22: end

    synchronized Optional<StorageClassView> storageClass(String name) {
        return storageClasses.storageClass(name);
    }

    synchronized ObjectNode getStorageClass(String name) throws ApiException {
        return storageClasses.getStorageClass(name);
    }

    synchronized ObjectNode listStorageClasses(LabelSelector selector) {
        return storageClasses.listStorageClasses(selector);
    }

    synchronized ObjectNode createStorageClass(JsonNode body) throws ApiException {
        return storageClasses.createStorageClass(body);
    }

    synchronized ObjectNode updateStorageClass(String name, JsonNode body) throws ApiException {
        return storageClasses.updateStorageClass(name, body);
    }

    synchronized ObjectNode patchStorageClass(String name, JsonNode patch) throws ApiException {
        return storageClasses.patchStorageClass(name, patch);
    }

    synchronized ObjectNode deleteStorageClass(String name) throws ApiException {
        return storageClasses.deleteStorageClass(name);
    }

    synchronized Optional<PersistentVolumeClaimView> claim(String namespace, String name) {
        return Optional.ofNullable(claims.get(key("persistentvolumeclaims", namespace, name)));
    }

    synchronized Optional<WorkloadView> workload(String namespace, WorkloadKind kind, String name) {
        return Optional.ofNullable(workloads.get(key(kind.resource(), namespace, name)))
                .map(Workload::view);
    }

    synchronized List<WorkloadView> workloads() {
        return workloads.values().stream().map(Workload::view).toList();
    }

    /**
     * The namespaces: the ones every cluster has (Kubernetes docs, "Namespaces", Initial namespaces)
     * and every one a workload or claim lives in, each labelled {@code kubernetes.io/metadata.name}
     * (the same page, Automatic labelling), Active, as old as the cluster.
     */
    synchronized ObjectNode listNamespaces(LabelSelector selector) {
        ObjectNode list = ObjectRenderer.list("NamespaceList", "v1", resourceVersion);
        ArrayNode items = list.putArray("items");
        for (String name : namespaceNames()) {
            ObjectNode namespace = ObjectRenderer.namespace(name, clusterCreated, false);
            if (selector.matches(
                    ObjectRenderer.stringMap(namespace.path("metadata").path("labels")))) {
                items.add(namespace);
            }
        }
        return list;
    }

    synchronized ObjectNode getNamespace(String name) throws ApiException {
        if (!namespaceNames().contains(name)) {
            throw ApiException.notFound("namespaces", "", "namespaces", name);
        }
        return ObjectRenderer.namespace(name, clusterCreated, true);
    }

    private SortedSet<String> namespaceNames() {
        SortedSet<String> names = new TreeSet<>(List.of("default", "kube-node-lease", "kube-public", "kube-system"));
        workloads.values().forEach(w -> names.add(w.namespace));
        claims.values().forEach(c -> names.add(c.namespace()));
        return names;
    }

    synchronized ObjectNode getWorkload(WorkloadKind kind, String namespace, String name) throws ApiException {
        return ObjectRenderer.workload(workloadOrThrow(kind, namespace, name), true, terminationGraceSeconds);
    }

    synchronized ObjectNode listWorkloads(WorkloadKind kind, String namespace, LabelSelector selector) {
        ObjectNode list = ObjectRenderer.list(kind.kind() + "List", "apps/v1", resourceVersion);
        ArrayNode items = list.putArray("items");
        for (Workload workload : workloads.values()) {
            if (workload.kind == kind
                    && (namespace == null || workload.namespace.equals(namespace))
                    && selector.matches(workload.labels)) {
                items.add(ObjectRenderer.workload(workload, false, terminationGraceSeconds));
            }
        }
        return list;
    }

    synchronized ObjectNode getScale(WorkloadKind kind, String namespace, String name) throws ApiException {
        return ObjectRenderer.scale(workloadOrThrow(kind, namespace, name));
    }

    /** Applies a merge patch to the Scale; returns the new Scale and whether anything changed. */
    synchronized Mutation patchScale(WorkloadKind kind, String namespace, String name, JsonNode patch)
            throws ApiException {
        Workload workload = workloadOrThrow(kind, namespace, name);
        JsonNode patched = MergePatch.apply(ObjectRenderer.scale(workload), patch);
        return writeScale(
                workload,
                patched,
                patch.path("metadata").path("resourceVersion").asText(""));
    }

    /** Replaces the Scale; a {@code metadata.resourceVersion} that is not current is a conflict. */
    synchronized Mutation updateScale(WorkloadKind kind, String namespace, String name, JsonNode body)
            throws ApiException {
        Workload workload = workloadOrThrow(kind, namespace, name);
        String bodyName = body.path("metadata").path("name").asText(name);
        if (!bodyName.equals(name)) {
            throw ApiException.badRequest(
                    "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        return writeScale(
                workload, body, body.path("metadata").path("resourceVersion").asText(""));
    }

    /** The result of a write: the object to answer and whether state changed. */
    record Mutation(ObjectNode body, boolean changed) {}

    private Mutation writeScale(Workload workload, JsonNode scale, String wantedVersion) throws ApiException {
        if (!wantedVersion.isEmpty() && !wantedVersion.equals(Long.toString(workload.resourceVersion))) {
            throw ApiException.conflict(
                    workload.kind.resource() + ".apps", "apps", workload.kind.resource(), workload.name);
        }
        JsonNode replicasNode = scale.path("spec").path("replicas");
        int replicas;
        if (replicasNode.isMissingNode() || replicasNode.isNull()) {
            replicas = 0;
        } else if (replicasNode.isIntegralNumber() && replicasNode.canConvertToInt()) {
            replicas = replicasNode.intValue();
        } else {
            throw ApiException.badRequest(
                    "Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
                            + replicasNode.getNodeType().name().toLowerCase()
                            + " into Go struct field ScaleSpec.spec.replicas of type int32");
        }
        if (replicas < 0) {
            throw invalid(
                    "Scale",
                    "autoscaling",
                    workload.name,
                    "spec.replicas: Invalid value: " + replicas + ": must be greater than or equal to 0");
        }
        workload.evaluate(now(), host);
        boolean changed = workload.scale(replicas, now(), host);
        if (changed) {
            workload.resourceVersion = ++resourceVersion;
            controllers.scaled(workload, replicas, now(), null);
        }
        return new Mutation(ObjectRenderer.scale(workload), changed);
    }

    private Workload workloadOrThrow(WorkloadKind kind, String namespace, String name) throws ApiException {
        Workload workload = workloads.get(key(kind.resource(), namespace, name));
        if (workload == null) {
            throw ApiException.notFound(kind.resource() + ".apps", "apps", kind.resource(), name);
        }
        return workload;
    }

    synchronized ObjectNode getPod(String namespace, String name) throws ApiException {
        for (Workload workload : workloads.values()) {
            if (workload.namespace.equals(namespace)) {
                for (Pod pod : workload.pods) {
                    if (pod.name.equals(name)) {
                        return ObjectRenderer.pod(pod, true);
                    }
                }
            }
        }
        throw ApiException.notFound("pods", "", "pods", name);
    }

    /** Pods that exist, terminating ones included, sorted by namespace and name as etcd keys are. */
    synchronized ObjectNode listPods(String namespace, LabelSelector selector) {
        ObjectNode list = ObjectRenderer.list("PodList", "v1", resourceVersion);
        ArrayNode items = list.putArray("items");
        Map<String, Pod> sorted = new TreeMap<>();
        for (Workload workload : workloads.values()) {
            if (namespace == null || workload.namespace.equals(namespace)) {
                for (Pod pod : workload.pods) {
                    if (selector.matches(ObjectRenderer.podLabels(pod))) {
                        sorted.put(workload.namespace + "/" + pod.name, pod);
                    }
                }
            }
        }
        sorted.values().forEach(pod -> items.add(ObjectRenderer.pod(pod, false)));
        return list;
    }

    synchronized ObjectNode getClaim(String namespace, String name) throws ApiException {
        String key = key("persistentvolumeclaims", namespace, name);
        PersistentVolumeClaimView claim = claims.get(key);
        if (claim == null) {
            throw ApiException.notFound("persistentvolumeclaims", "", "persistentvolumeclaims", name);
        }
        return ObjectRenderer.claim(claim, claimVersions.get(key), claimCreated.get(key), true);
    }

    synchronized ObjectNode listClaims(String namespace, LabelSelector selector) {
        ObjectNode list = ObjectRenderer.list("PersistentVolumeClaimList", "v1", resourceVersion);
        ArrayNode items = list.putArray("items");
        claims.forEach((key, claim) -> {
            if ((namespace == null || claim.namespace().equals(namespace)) && selector.matches(Map.of())) {
                items.add(ObjectRenderer.claim(claim, claimVersions.get(key), claimCreated.get(key), false));
            }
        });
        return list;
    }

    /**
     * 422 Invalid with one {@code details.causes} entry per field error, as the API server answers
     * (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go, NewInvalid: reason FieldValue*,
     * message, field); kubectl prints the causes after "The StorageClass ... is invalid".
     */
    static ApiException invalid(String kind, String group, String name, String detail) {
        String qualified = group.isEmpty() ? kind : kind + "." + group;
        ObjectNode details = ApiException.details(name, group, kind);
        ArrayNode causes = details.putArray("causes");
        String list =
                detail.startsWith("[") && detail.endsWith("]") ? detail.substring(1, detail.length() - 1) : detail;
        for (String error : list.split(", (?=[a-zA-Z.\\[\\]]+: )")) {
            int colon = error.indexOf(": ");
            String field = colon < 0 ? "" : error.substring(0, colon);
            String message = colon < 0 ? error : error.substring(colon + 2);
            String reason = message.startsWith("Forbidden")
                    ? "FieldValueForbidden"
                    : message.startsWith("Required value") ? "FieldValueRequired" : "FieldValueInvalid";
            causes.addObject().put("reason", reason).put("message", message).put("field", field);
        }
        return new ApiException(422, "Invalid", qualified + " \"" + name + "\" is invalid: " + detail, details);
    }

    Instant now() {
        return clock.instant();
    }

    /** The next resourceVersion: every change of any object moves the cluster's counter. */
    long nextResourceVersion() {
        return ++resourceVersion;
    }

    /** The cluster's resourceVersion now (a list's {@code metadata.resourceVersion}). */
    long resourceVersion() {
        return resourceVersion;
    }

    static String key(String resource, String namespace, String name) {
        return resource + "/" + namespace + "/" + name;
    }
}
