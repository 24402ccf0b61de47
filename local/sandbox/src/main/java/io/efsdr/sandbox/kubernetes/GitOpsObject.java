package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One GitOps object (issue 22): an Argo CD Application, a Flux Kustomization or a Flux HelmRelease,
 * served at the paths of its CRD, with the levers that stop its controller from changing a
 * workload's replicas and the status its controller reports.
 *
 * <p>The levers, as the controllers document them:
 *
 * <ul>
 *   <li>Application: the annotation {@code argocd.argoproj.io/skip-reconcile: "true"} (Argo CD docs,
 *       "Skip Application Reconcile", an alpha feature since 2.7): the application controller does
 *       not process the Application at all while it is there. An Application whose {@code
 *       spec.ignoreDifferences} covers {@code /spec/replicas} of the workload's kind and whose
 *       {@code spec.syncPolicy.syncOptions} has {@code RespectIgnoreDifferences=true} never puts the
 *       replicas back (Argo CD docs, "Diffing Customization" and "Sync Options", Respect Ignore
 *       Difference Configs).
 *   <li>Kustomization: the annotation {@code kustomize.toolkit.fluxcd.io/reconcile: disabled} on the
 *       in-cluster workload: kustomize-controller neither applies nor prunes it
 *       (fluxcd/kustomize-controller#484; Flux docs, "Kustomization", Controlling the apply behavior
 *       of resources); {@code spec.suspend: true} stops the whole Kustomization ({@code flux suspend}).
 *   <li>HelmRelease: {@code spec.suspend: true} (Flux docs, "Helm Releases", Suspend): helm-controller
 *       skips it, leaving {@code status.observedGeneration} behind.
 * </ul>
 *
 * <p>Status: an Application reports {@code status.sync.status} {@code OutOfSync} while a workload
 * it manages differs from Git in a field it does not ignore (Argo CD docs, "Sync Status"), {@code
 * Synced} otherwise; a Flux object's {@code Ready} condition is {@code False} while one of its
 * workloads differs from Git with its lever on (the controller was stopped from correcting it), and
 * {@code True} otherwise, with {@code status.observedGeneration} current unless it is suspended (a
 * suspended object is skipped by its controller, so a spec change is not observed until resumed).
 *
 * <p>Thread safety: every method locks this object only, and never calls out while holding it; the
 * clusters whose workloads it manages push their replicas here ({@link #live}) and are told of a
 * lever change after the lock is released.
 */
final class GitOpsObject {
    static final String SKIP_RECONCILE = "argocd.argoproj.io/skip-reconcile";
    static final String FLUX_RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";
    /** The revision the sandbox's Git is at: one commit, for every object. */
    static final String REVISION = "main@sha1:5f0c3d1b2a4e6f8091a2b3c4d5e6f708192a3b4c";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The three CRDs (Argo CD's Application CRD; Flux's kustomize-controller v1 and helm-controller v2 APIs). */
    enum Kind {
        APPLICATION("Application", "argoproj.io", "v1alpha1", "applications"),
        KUSTOMIZATION("Kustomization", "kustomize.toolkit.fluxcd.io", "v1", "kustomizations"),
        HELM_RELEASE("HelmRelease", "helm.toolkit.fluxcd.io", "v2", "helmreleases");

        final String kind;
        final String group;
        final String version;
        final String plural;

        Kind(String kind, String group, String version, String plural) {
            this.kind = kind;
            this.group = group;
            this.version = version;
            this.plural = plural;
        }

        static Kind of(String kind) {
            for (Kind k : values()) {
                if (k.kind.equals(kind)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no GitOps kind " + kind);
        }

        static Kind ofPlural(String plural) {
            for (Kind k : values()) {
                if (k.plural.equals(plural)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no GitOps resource " + plural);
        }
    }

    /** A lever set or removed: on the object, or (Kustomization) on one of its workloads. */
    record LeverChange(Instant at, boolean on, String by, String workload) {}

    /** What the object knows of one workload it manages. */
    private static final class Managed {
        final int gitReplicas;
        int liveReplicas;
        boolean disabled;

        Managed(int gitReplicas, int liveReplicas, boolean disabled) {
            this.gitReplicas = gitReplicas;
            this.liveReplicas = liveReplicas;
            this.disabled = disabled;
        }
    }

    /** Told, outside any lock of this object, that a lever of it changed at {@code at}. */
    interface LeverListener {
        void leverChanged(GitOpsObject object, Instant at);
    }

    final Kind kind;
    final String namespace;
    final String name;
    /** Where it lives: {@code primary}, {@code dr} or {@code management}. */
    final String site;

    private final String uid = UUID.randomUUID().toString();
    private final Instant created;
    private ObjectNode metadata;
    private ObjectNode spec;
    private long generation = 1;
    private long observedGeneration = 1;
    private long resourceVersion;
    private final Map<String, Managed> managed = new TreeMap<>();
    private final List<LeverChange> levers = new ArrayList<>();
    private final List<Instant> reverts = new ArrayList<>();
    private final List<LeverListener> listeners = new CopyOnWriteArrayList<>();

    GitOpsObject(
            Kind kind, String namespace, String name, String site, ObjectNode spec, Instant created, long version) {
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.site = site;
        this.created = created;
        this.metadata = JSON.objectNode();
        this.spec = spec.deepCopy();
        this.resourceVersion = version;
    }

    String key() {
        return namespace + "/" + kind.kind + "/" + name;
    }

    void addListener(LeverListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    List<LeverListener> listeners() {
        return List.copyOf(listeners);
    }

    /** Registers a workload it manages, Git saying {@code gitReplicas}; a second registration keeps Git's number. */
    synchronized void manage(String workload, int gitReplicas, int liveReplicas, boolean disabled) {
        managed.putIfAbsent(workload, new Managed(gitReplicas, liveReplicas, disabled));
        Managed m = managed.get(workload);
        m.liveReplicas = liveReplicas;
        m.disabled = disabled;
    }

    synchronized boolean manages(String workload) {
        return managed.containsKey(workload);
    }

    /** The workload's live {@code spec.replicas}, pushed by its cluster after every change. */
    synchronized void live(String workload, int replicas) {
        Managed m = managed.get(workload);
        if (m != null) {
            m.liveReplicas = replicas;
        }
    }

    /** The workload's reconcile annotation changed (a Kustomization's lever); true when the lever moved. */
    synchronized boolean workloadLever(String workload, boolean disabled, Instant at, String by) {
        Managed m = managed.get(workload);
        if (m == null || m.disabled == disabled || kind != Kind.KUSTOMIZATION) {
            if (m != null) {
                m.disabled = disabled;
            }
            return false;
        }
        m.disabled = disabled;
        levers.add(new LeverChange(at, disabled, by, workload));
        return true;
    }

    synchronized void reverted(Instant at) {
        reverts.add(at);
    }

    /** Whether the object's own lever is on (skip-reconcile, or suspend). */
    synchronized boolean objectLeverOn() {
        return switch (kind) {
            case APPLICATION ->
                "true".equals(metadata.path("annotations").path(SKIP_RECONCILE).asText(null));
            case KUSTOMIZATION, HELM_RELEASE -> spec.path("suspend").asBoolean(false);
        };
    }

    /** Whether its controller is stopped from changing {@code workload}'s replicas. */
    synchronized boolean stops(String workload) {
        if (objectLeverOn()) {
            return true;
        }
        Managed m = managed.get(workload);
        return kind == Kind.KUSTOMIZATION && m != null && m.disabled;
    }

    /** Whether any lever is on: the object's, or one on a workload it manages. */
    synchronized boolean leverOn() {
        return objectLeverOn() || managed.values().stream().anyMatch(m -> kind == Kind.KUSTOMIZATION && m.disabled);
    }

    /**
     * An Application that leaves {@code /spec/replicas} of {@code workloadKind} alone: an {@code
     * ignoreDifferences} entry of group {@code apps} and that kind with the JSON pointer {@code
     * /spec/replicas} (or the jq path {@code .spec.replicas}), and {@code RespectIgnoreDifferences=true}.
     */
    synchronized boolean ignoresReplicas(String workloadKind) {
        if (kind != Kind.APPLICATION) {
            return false;
        }
        boolean respects = false;
        for (JsonNode option : spec.path("syncPolicy").path("syncOptions")) {
            respects |= option.asText().equals("RespectIgnoreDifferences=true");
        }
        if (!respects) {
            return false;
        }
        for (JsonNode entry : spec.path("ignoreDifferences")) {
            if (!entry.path("group").asText("").equals("apps")
                    || !entry.path("kind").asText("").equals(workloadKind)) {
                continue;
            }
            for (JsonNode pointer : entry.path("jsonPointers")) {
                if (pointer.asText().equals("/spec/replicas")) {
                    return true;
                }
            }
            for (JsonNode path : entry.path("jqPathExpressions")) {
                if (path.asText().equals(".spec.replicas")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the object is in sync, as its status says (see the class comment). */
    synchronized boolean inSync() {
        for (Map.Entry<String, Managed> e : managed.entrySet()) {
            Managed m = e.getValue();
            if (m.liveReplicas == m.gitReplicas) {
                continue;
            }
            if (kind == Kind.APPLICATION) {
                if (!ignoresReplicas(e.getKey().split("/")[1])) {
                    return false;
                }
            } else if (objectLeverOn() || (kind == Kind.KUSTOMIZATION && m.disabled)) {
                return false;
            }
        }
        return true;
    }

    synchronized List<LeverChange> leverChanges() {
        return List.copyOf(levers);
    }

    synchronized int revertCount() {
        return reverts.size();
    }

    synchronized void setAnnotations(Map<String, String> annotations) {
        ObjectNode map = metadata.putObject("annotations");
        new TreeMap<>(annotations).forEach(map::put);
        if (map.isEmpty()) {
            metadata.remove("annotations");
        }
    }

    synchronized void setLabels(Map<String, String> labels) {
        ObjectNode map = metadata.putObject("labels");
        new TreeMap<>(labels).forEach(map::put);
        if (map.isEmpty()) {
            metadata.remove("labels");
        }
    }

    /** The result of a patch: the object as answered, and whether the lever moved. */
    record Patched(ObjectNode body, boolean leverMoved) {}

    /**
     * A JSON merge patch (RFC 7386) of the object's {@code metadata.labels}, {@code
     * metadata.annotations} and {@code spec}; {@code status} is a subresource and is left alone, as
     * on a CRD with the status subresource (Kubernetes docs, "Custom Resources", Status subresource).
     */
    synchronized Patched patch(JsonNode patch, Instant at, String by, long[] version) throws ApiException {
        JsonNode meta = patch.path("metadata");
        for (String field : List.of("name", "namespace")) {
            String wanted = meta.path(field).asText(null);
            String current = field.equals("name") ? name : namespace;
            if (wanted != null && !wanted.equals(current)) {
                throw ApiException.badRequest("the " + field + " of the object (" + wanted + ") does not match the "
                        + field + " on the URL (" + current + ")");
            }
        }
        String wantedVersion = meta.path("resourceVersion").asText("");
        if (!wantedVersion.isEmpty() && !wantedVersion.equals(Long.toString(resourceVersion))) {
            throw ApiException.conflict(kind.plural + "." + kind.group, kind.group, kind.plural, name);
        }
        boolean leverBefore = objectLeverOn();
        ObjectNode newMetadata = metadata.deepCopy();
        for (String field : List.of("labels", "annotations")) {
            if (meta.has(field)) {
                JsonNode merged = MergePatch.apply(newMetadata.get(field), meta.get(field));
                if (merged.isObject() && !merged.isEmpty()) {
                    for (var it = merged.fields(); it.hasNext(); ) {
                        var e = it.next();
                        if (!e.getValue().isTextual()) {
                            throw ClusterState.invalid(
                                    kind.kind,
                                    kind.group,
                                    name,
                                    "metadata." + field + ": Invalid value: " + e.getValue()
                                            + ": values must be strings");
                        }
                    }
                    newMetadata.set(field, merged);
                } else {
                    newMetadata.remove(field);
                }
            }
        }
        ObjectNode newSpec = spec;
        if (patch.has("spec")) {
            JsonNode merged = MergePatch.apply(spec.deepCopy(), patch.get("spec"));
            if (!merged.isObject()) {
                throw ClusterState.invalid(kind.kind, kind.group, name, "spec: Required value");
            }
            newSpec = (ObjectNode) merged;
        }
        boolean specChanged = !newSpec.equals(spec);
        boolean changed = specChanged || !newMetadata.equals(metadata);
        metadata = newMetadata;
        spec = newSpec;
        if (changed) {
            resourceVersion = ++version[0];
        }
        if (specChanged) {
            // Any change of a custom resource's spec bumps metadata.generation (Kubernetes docs,
            // "Custom Resources", Status subresource: "The .metadata.generation value is incremented for
            // all changes, except for changes to .metadata or .status").
            generation++;
        }
        if (!(kind != Kind.APPLICATION && spec.path("suspend").asBoolean(false))) {
            observedGeneration = generation;
        }
        boolean leverMoved = leverBefore != objectLeverOn();
        if (leverMoved) {
            levers.add(new LeverChange(at, objectLeverOn(), by, null));
        }
        return new Patched(render(at), leverMoved);
    }

    synchronized ObjectNode render(Instant now) {
        ObjectNode object = JSON.objectNode();
        object.put("apiVersion", kind.group + "/" + kind.version).put("kind", kind.kind);
        ObjectNode meta = object.putObject("metadata");
        meta.put("name", name).put("namespace", namespace).put("uid", uid);
        meta.put("resourceVersion", Long.toString(resourceVersion));
        meta.put("generation", generation);
        meta.put("creationTimestamp", created.truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.fields()
                .forEachRemaining(e -> meta.set(e.getKey(), e.getValue().deepCopy()));
        object.set("spec", spec.deepCopy());
        ObjectNode status = object.putObject("status");
        boolean inSync = inSync();
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        if (kind == Kind.APPLICATION) {
            // Argo CD's Application status (pkg/apis/application/v1alpha1/types.go, ApplicationStatus).
            ObjectNode sync = status.putObject("sync").put("status", inSync ? "Synced" : "OutOfSync");
            sync.put("revision", REVISION.substring(REVISION.indexOf(':') + 1));
            status.putObject("health").put("status", "Healthy");
            status.put("reconciledAt", stamp);
            status.put("observedGeneration", observedGeneration);
        } else {
            // Flux's status: observedGeneration, lastAppliedRevision and the Ready condition (Flux docs,
            // "Kustomization" / "Helm Releases", Status).
            status.put("observedGeneration", observedGeneration);
            status.put("lastAppliedRevision", REVISION);
            if (kind == Kind.KUSTOMIZATION) {
                status.put("lastAttemptedRevision", REVISION);
            }
            ArrayNode conditions = status.putArray("conditions");
            ObjectNode ready = conditions.addObject().put("type", "Ready");
            ready.put("status", inSync ? "True" : "False");
            ready.put("observedGeneration", observedGeneration);
            ready.put("lastTransitionTime", stamp);
            if (inSync) {
                ready.put("reason", kind == Kind.KUSTOMIZATION ? "ReconciliationSucceeded" : "UpgradeSucceeded");
                ready.put("message", "Applied revision: " + REVISION);
            } else {
                ready.put("reason", objectLeverOn() ? "Suspended" : "ReconciliationDisabled");
                ready.put(
                        "message",
                        "a workload it manages differs from " + REVISION
                                + " and its controller is stopped from correcting it");
            }
        }
        return object;
    }
}
