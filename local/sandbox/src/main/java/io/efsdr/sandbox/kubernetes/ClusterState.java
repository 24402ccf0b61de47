package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The objects of one cluster and the API semantics on them. Every method is atomic; times come from
 * the virtual clock. Methods named after verbs answer JSON or throw {@link ApiException}.
 */
final class ClusterState implements GitOpsObject.LeverListener {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SC_GROUP = "storage.k8s.io";
    private static final String SC_QUALIFIED = "storageclasses.storage.k8s.io";

    private final Clock clock;
    private final Map<String, ObjectNode> storageClasses = new TreeMap<>();
    private final Map<String, Workload> workloads = new TreeMap<>();
    private final Map<String, PersistentVolumeClaimView> claims = new TreeMap<>();
    private final Map<String, Long> claimVersions = new TreeMap<>();
    private final Map<String, Instant> claimCreated = new TreeMap<>();
    /** Every pod ever created, in creation order, gone ones included. */
    private final List<Pod> podHistory = new ArrayList<>();

    private final Random random = new Random();
    private final Workload.Host host = new Controllers();
    private final GitOpsControllers controllers = new GitOpsControllers();
    /** The GitOps objects that live in this cluster (issue 22), by {@code <plural>/<namespace>/<name>}. */
    private final Map<String, GitOpsObject> gitOpsObjects = new TreeMap<>();
    /** The GitOps objects (here or in a management cluster) that manage this cluster's workloads, by workload id. */
    private final Map<String, List<GitOpsObject>> managedBy = new TreeMap<>();

    private final Instant clusterCreated;
    private long resourceVersion = 1000;
    private Duration readinessDelay = Duration.ofSeconds(5);
    /**
     * The pods' {@code spec.terminationGracePeriodSeconds}; 30 s is the API's default (Kubernetes
     * API reference, Pod v1, PodSpec: "Defaults to 30 seconds").
     */
    private long terminationGraceSeconds = 30;

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

    /** The pod controllers' hands on this cluster's state. */
    private final class Controllers implements Workload.Host {
        @Override
        public Pod createPod(Workload owner, int ordinal, Instant at) {
            Pod pod = new Pod(
                    owner,
                    ordinal >= 0 ? owner.name + "-" + ordinal : deploymentPodName(owner),
                    UUID.randomUUID().toString(),
                    ordinal,
                    at,
                    at.plus(readinessDelay),
                    terminationGraceSeconds,
                    ++resourceVersion);
            podHistory.add(pod);
            return pod;
        }

        @Override
        public void deletePod(Pod pod, Instant at) {
            pod.deletionRequestedAt = at;
            pod.deletionGraceSeconds = pod.terminationGraceSeconds;
            pod.resourceVersion = ++resourceVersion;
        }

        @Override
        public void removePod(Pod pod, Instant at) {
            pod.goneAt = at;
            ++resourceVersion;
        }

        @Override
        public void podReady(Pod pod, Instant at) {
            pod.ready = true;
            pod.readySince = at;
            pod.resourceVersion = ++resourceVersion;
        }

        @Override
        public long nextResourceVersion() {
            return ++resourceVersion;
        }
    }

    /**
     * {@code <replicaset>-<5 characters>}: the ReplicaSet's pods use {@code generateName}, which
     * appends {@code utilrand.String(5)} from the alphabet {@code bcdfghjklmnpqrstvwxz2456789}
     * (staging/src/k8s.io/apiserver/pkg/storage/names/generate.go;
     * staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go).
     */
    private String deploymentPodName(Workload owner) {
        while (true) {
            String name = owner.podOwnerName() + "-" + randomString(SAFE_ALPHABET, 5);
            boolean taken = owner.pods.stream().anyMatch(p -> p.name.equals(name))
                    || workloads.values().stream()
                            .filter(w -> w.namespace.equals(owner.namespace))
                            .flatMap(w -> w.pods.stream())
                            .anyMatch(p -> p.name.equals(name));
            if (!taken) {
                return name;
            }
        }
    }

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /**
     * The pod-template-hash is {@code rand.SafeEncodeString} of a hash of the template
     * (pkg/controller/controller_utils.go, ComputeHash), so it uses the same alphabet; it is 10 of
     * the characters that are also hex digits here, which keeps it matching both.
     */
    private String templateHash() {
        return randomString("bcdf2456789", 10);
    }

    private String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    synchronized void putStorageClass(
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
    /** Seeds a GitOps object that lives in this cluster. */
    synchronized void putGitOpsObject(GitOpsObject object) {
        gitOpsObjects.put(key(object.kind.plural, object.namespace, object.name), object);
    }

    /**
     * Registers {@code object} (in this cluster or another) as managing the workload {@code
     * <namespace>/<Kind>/<name>} of this cluster; call before the workload is seeded.
     */
    synchronized void manageWorkload(String workload, GitOpsObject object) {
        List<GitOpsObject> list = new ArrayList<>(managedBy.getOrDefault(workload, List.of()));
        if (!list.contains(object)) {
            list.add(object);
        }
        managedBy.put(workload, List.copyOf(list));
        object.addListener(this);
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
        ObjectNode list = list(kind.kind + "List", kind.group + "/" + kind.version);
        ArrayNode items = list.putArray("items");
        for (GitOpsObject object : gitOpsObjects.values()) {
            if (object.kind == kind && (namespace == null || object.namespace.equals(namespace))) {
                ObjectNode rendered = object.render(now());
                if (selector.matches(stringMap(rendered.path("metadata").path("labels")))) {
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
            writeScale(workload, MergePatch.apply(scale(workload), scalePatch), "");
        }
        return render(workload, true);
    }
    // ---- issue 22: end

    synchronized Optional<StorageClassView> storageClass(String name) {
        return Optional.ofNullable(storageClasses.get(name)).map(ClusterState::storageClassView);
    }

    synchronized void putWorkload(
            WorkloadKind kind,
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames,
            List<VolumeClaimTemplate> templates) {
        putWorkload(kind, namespace, name, replicas, labels, annotations, claimNames, templates, List.of());
    }

    /**
     * Seeds a workload with {@code replicas} pods running and Ready for a day, and beside them the
     * {@code ended} pods (see {@link #seedEnded}).
     */
    synchronized void putWorkload(
            WorkloadKind kind,
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames,
            List<VolumeClaimTemplate> templates,
            List<EndedPod> ended) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0");
        }
        evaluate();
        Instant now = now();
        String key = key(kind.resource(), namespace, name);
        Workload replaced = workloads.get(key);
        if (replaced != null) {
            replaced.pods.forEach(pod -> pod.goneAt = now);
            replaced.pods.clear();
        }
        Workload workload = new Workload(
                kind,
                namespace,
                name,
                UUID.randomUUID().toString(),
                now,
                replicas,
                labels,
                annotations,
                claimNames,
                templates,
                templateHash(),
                UUID.randomUUID().toString(),
                ++resourceVersion);
        Instant runningSince = now.minus(Duration.ofDays(1));
        List<Integer> endedOrdinals = new ArrayList<>();
        int running = replicas;
        if (kind == WorkloadKind.STATEFULSET) {
            // A StatefulSet's pods are its ordinals: a seeded ended pod holds one of them, the highest first.
            int ordinals = Math.max(replicas, ended.size());
            for (int i = 0; i < ended.size(); i++) {
                endedOrdinals.add(ordinals - 1 - i);
            }
            running = Math.min(replicas, ordinals - ended.size());
        } else {
            // The ReplicaSet counts a pod in phase Unknown (not deleted) as one of its replicas
            // (IsPodActive); it replaced the others (ended, or deleted) with running ones.
            running = Math.max(
                    0,
                    replicas
                            - (int) ended.stream()
                                    .filter(e -> !e.ended() && !e.terminatingOnNotReadyNode())
                                    .count());
            ended.forEach(e -> endedOrdinals.add(-1));
        }
        for (int i = 0; i < running; i++) {
            Pod pod = host.createPod(workload, kind == WorkloadKind.STATEFULSET ? i : -1, runningSince);
            pod.ready = true;
            pod.readySince = runningSince;
            workload.pods.add(pod);
        }
        for (int i = 0; i < ended.size(); i++) {
            workload.pods.add(seedEnded(workload, endedOrdinals.get(i), ended.get(i), runningSince, now));
        }
        workloads.put(key, workload);
        controllers.seeded(workload, replicas, managedBy.getOrDefault(GitOpsControllers.id(workload), List.of()));
        if (!ended.isEmpty()) {
            workload.settle(now, host);
        }
    }

    /**
     * One seeded ended pod, created with the running ones a day ago. {@code Failed} / {@code
     * Succeeded}: its containers ended an hour before now; it stays (the ReplicaSet never deletes it;
     * a StatefulSet's controller deletes and re-creates it at once, see {@link Workload}). {@code
     * Unknown}: its node stopped reporting; the pod may still run. With {@code
     * terminatingOnNotReadyNode} its deletion was requested ten minutes ago (the taint-based eviction
     * deletes pods 300 s after their node became unreachable: Kubernetes docs, "Taints and
     * Tolerations", taint based evictions, {@code tolerationSeconds: 300} added by default) and never
     * completes. Phase Unknown or NotReady node: the pod's Ready condition is False, as the node
     * lifecycle controller marks it (pkg/controller/nodelifecycle, MarkPodsNotReady).
     */
    private Pod seedEnded(Workload workload, int ordinal, EndedPod spec, Instant created, Instant now) {
        Pod pod = host.createPod(workload, ordinal, created);
        pod.phase = spec.phase();
        pod.reason = spec.reason();
        pod.onNotReadyNode = spec.onNotReadyNode();
        if (spec.ended()) {
            pod.endedAt = now.minus(Duration.ofHours(1));
        }
        pod.ready = false;
        if (spec.terminatingOnNotReadyNode()) {
            pod.deletionRequestedAt = now.minus(Duration.ofMinutes(10));
            pod.deletionGraceSeconds = pod.terminationGraceSeconds;
        }
        return pod;
    }

    synchronized void putClaim(
            String namespace,
            String name,
            String storageClassName,
            String phase,
            String volumeName,
            Instant createdAt) {
        String key = key("persistentvolumeclaims", namespace, name);
        claims.put(
                key,
                new PersistentVolumeClaimView(
                        namespace,
                        name,
                        UUID.randomUUID().toString(),
                        storageClassName,
                        volumeName == null ? "" : volumeName,
                        phase));
        claimVersions.put(key, ++resourceVersion);
        claimCreated.put(key, createdAt);
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
        ObjectNode list = list("NamespaceList", "v1");
        ArrayNode items = list.putArray("items");
        for (String name : namespaceNames()) {
            ObjectNode namespace = namespace(name, false);
            if (selector.matches(stringMap(namespace.path("metadata").path("labels")))) {
                items.add(namespace);
            }
        }
        return list;
    }

    synchronized ObjectNode getNamespace(String name) throws ApiException {
        if (!namespaceNames().contains(name)) {
            throw ApiException.notFound("namespaces", "", "namespaces", name);
        }
        return namespace(name, true);
    }

    private SortedSet<String> namespaceNames() {
        SortedSet<String> names = new TreeSet<>(List.of("default", "kube-node-lease", "kube-public", "kube-system"));
        workloads.values().forEach(w -> names.add(w.namespace));
        claims.values().forEach(c -> names.add(c.namespace()));
        return names;
    }

    private ObjectNode namespace(String name, boolean withType) {
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

    synchronized ObjectNode getStorageClass(String name) throws ApiException {
        return storageClassOrThrow(name).deepCopy();
    }

    synchronized ObjectNode listStorageClasses(LabelSelector selector) {
        ObjectNode list = list("StorageClassList", "storage.k8s.io/v1");
        ArrayNode items = list.putArray("items");
        for (ObjectNode sc : storageClasses.values()) {
            if (selector.matches(stringMap(sc.path("metadata").path("labels")))) {
                items.add(sc.deepCopy());
            }
        }
        return list;
    }

    synchronized ObjectNode createStorageClass(JsonNode body) throws ApiException {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw invalid(
                    "StorageClass", SC_GROUP, "", "metadata.name: Required value: name or generateName is required");
        }
        if (object.path("provisioner").asText("").isEmpty()) {
            throw invalid("StorageClass", SC_GROUP, name, "provisioner: Required value");
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

    synchronized ObjectNode updateStorageClass(String name, JsonNode body) throws ApiException {
        ObjectNode current = storageClassOrThrow(name);
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
        return replaceStorageClass(current, object.deepCopy());
    }

    synchronized ObjectNode patchStorageClass(String name, JsonNode patch) throws ApiException {
        ObjectNode current = storageClassOrThrow(name);
        JsonNode patched = MergePatch.apply(current.deepCopy(), patch);
        if (!(patched instanceof ObjectNode object)) {
            throw ApiException.badRequest("the patch does not yield an object");
        }
        return replaceStorageClass(current, object);
    }

    synchronized ObjectNode deleteStorageClass(String name) throws ApiException {
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
            throw invalid(
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
        newMeta.put("resourceVersion", Long.toString(++resourceVersion));
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
        metadata.put("resourceVersion", Long.toString(++resourceVersion));
        metadata.put("creationTimestamp", timestamp(now()));
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
                stringMap(sc.path("parameters")),
                sc.path("reclaimPolicy").asText(),
                sc.path("volumeBindingMode").asText(),
                stringList(sc.path("mountOptions")),
                sc.path("allowVolumeExpansion").isBoolean()
                        ? sc.path("allowVolumeExpansion").booleanValue()
                        : null,
                stringMap(metadata.path("labels")),
                stringMap(metadata.path("annotations")),
                metadata.path("uid").asText(),
                metadata.path("resourceVersion").asText());
    }

    synchronized ObjectNode getWorkload(WorkloadKind kind, String namespace, String name) throws ApiException {
        return render(workloadOrThrow(kind, namespace, name), true);
    }

    synchronized ObjectNode listWorkloads(WorkloadKind kind, String namespace, LabelSelector selector) {
        ObjectNode list = list(kind.kind() + "List", "apps/v1");
        ArrayNode items = list.putArray("items");
        for (Workload workload : workloads.values()) {
            if (workload.kind == kind
                    && (namespace == null || workload.namespace.equals(namespace))
                    && selector.matches(workload.labels)) {
                items.add(render(workload, false));
            }
        }
        return list;
    }

    synchronized ObjectNode getScale(WorkloadKind kind, String namespace, String name) throws ApiException {
        return scale(workloadOrThrow(kind, namespace, name));
    }

    /** Applies a merge patch to the Scale; returns the new Scale and whether anything changed. */
    synchronized Mutation patchScale(WorkloadKind kind, String namespace, String name, JsonNode patch)
            throws ApiException {
        Workload workload = workloadOrThrow(kind, namespace, name);
        JsonNode patched = MergePatch.apply(scale(workload), patch);
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
        return new Mutation(scale(workload), changed);
    }

    private Workload workloadOrThrow(WorkloadKind kind, String namespace, String name) throws ApiException {
        Workload workload = workloads.get(key(kind.resource(), namespace, name));
        if (workload == null) {
            throw ApiException.notFound(kind.resource() + ".apps", "apps", kind.resource(), name);
        }
        return workload;
    }

    private ObjectNode scale(Workload workload) {
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

    private ObjectNode render(Workload workload, boolean withType) {
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
        podSpec(template.putObject("spec"), workload, null);
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
    private void podSpec(ObjectNode podSpec, Workload workload, Pod pod) {
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
        podSpec.put(
                "terminationGracePeriodSeconds", pod == null ? terminationGraceSeconds : pod.terminationGraceSeconds);
        if (pod != null && workload.kind == WorkloadKind.STATEFULSET) {
            // stateful_set_utils.go, updateIdentity: hostname = pod name, subdomain = serviceName.
            podSpec.put("hostname", pod.name).put("subdomain", workload.name);
        }
    }

    synchronized ObjectNode getPod(String namespace, String name) throws ApiException {
        for (Workload workload : workloads.values()) {
            if (workload.namespace.equals(namespace)) {
                for (Pod pod : workload.pods) {
                    if (pod.name.equals(name)) {
                        return render(pod, true);
                    }
                }
            }
        }
        throw ApiException.notFound("pods", "", "pods", name);
    }

    /** Pods that exist, terminating ones included, sorted by namespace and name as etcd keys are. */
    synchronized ObjectNode listPods(String namespace, LabelSelector selector) {
        ObjectNode list = list("PodList", "v1");
        ArrayNode items = list.putArray("items");
        Map<String, Pod> sorted = new TreeMap<>();
        for (Workload workload : workloads.values()) {
            if (namespace == null || workload.namespace.equals(namespace)) {
                for (Pod pod : workload.pods) {
                    if (selector.matches(podLabels(pod))) {
                        sorted.put(workload.namespace + "/" + pod.name, pod);
                    }
                }
            }
        }
        sorted.values().forEach(pod -> items.add(render(pod, false)));
        return list;
    }

    /**
     * The template's labels plus what the controller adds: {@code pod-template-hash} on a
     * ReplicaSet's pods (Kubernetes docs, "Deployments", Pod-template-hash label); {@code
     * controller-revision-hash}, {@code statefulset.kubernetes.io/pod-name} and {@code
     * apps.kubernetes.io/pod-index} on a StatefulSet's (Kubernetes docs, "StatefulSets", Pod
     * Identity).
     */
    private static Map<String, String> podLabels(Pod pod) {
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

    private ObjectNode render(Pod pod, boolean withType) {
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

        podSpec(object.putObject("spec"), owner, pod);

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

    synchronized ObjectNode getClaim(String namespace, String name) throws ApiException {
        String key = key("persistentvolumeclaims", namespace, name);
        PersistentVolumeClaimView claim = claims.get(key);
        if (claim == null) {
            throw ApiException.notFound("persistentvolumeclaims", "", "persistentvolumeclaims", name);
        }
        return render(key, claim, true);
    }

    synchronized ObjectNode listClaims(String namespace, LabelSelector selector) {
        ObjectNode list = list("PersistentVolumeClaimList", "v1");
        ArrayNode items = list.putArray("items");
        claims.forEach((key, claim) -> {
            if ((namespace == null || claim.namespace().equals(namespace)) && selector.matches(Map.of())) {
                items.add(render(key, claim, false));
            }
        });
        return list;
    }

    private ObjectNode render(String key, PersistentVolumeClaimView claim, boolean withType) {
        ObjectNode object = JSON.objectNode();
        if (withType) {
            object.put("kind", "PersistentVolumeClaim").put("apiVersion", "v1");
        }
        ObjectNode metadata = metadata(
                object.putObject("metadata"),
                claim.name(),
                claim.namespace(),
                claim.uid(),
                claimVersions.get(key),
                claimCreated.get(key));
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

    private ObjectNode list(String kind, String apiVersion) {
        ObjectNode list = JSON.objectNode();
        list.put("kind", kind).put("apiVersion", apiVersion);
        list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        return list;
    }

    private static ObjectNode metadata(
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

    private static void putMap(ObjectNode parent, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = parent.putObject(field);
            new TreeMap<>(values).forEach(map::put);
        }
    }

    private static void putIfNonZero(ObjectNode parent, String field, long value) {
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

    private static List<String> stringList(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> list.add(item.asText()));
        }
        return List.copyOf(list);
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

    private Instant now() {
        return clock.instant();
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String key(String resource, String namespace, String name) {
        return resource + "/" + namespace + "/" + name;
    }
}
