package io.efsdr.sandbox.kubernetes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutable state of one Deployment or StatefulSet and its pods; guarded by the owning {@link
 * ClusterState}. Its controller acts on {@code spec.replicas} at the moment of the scale and again
 * at every pod event (Ready, gone), each at its exact virtual time.
 */
final class Workload {
    final WorkloadKind kind;
    final String namespace;
    final String name;
    final String uid;
    final Instant created;
    final Map<String, String> labels;
    /** Replaced (never mutated) by a patch of the workload's annotations (issue 22). */
    Map<String, String> annotations;

    final List<String> claimNames;
    final List<VolumeClaimTemplate> templates;
    /**
     * The Deployment's ReplicaSet is named {@code <deployment>-<pod-template-hash>}
     * (pkg/controller/deployment/sync.go, getNewReplicaSet); a StatefulSet's revision is {@code
     * <statefulset>-<hash>} (pkg/controller/history, ControllerRevisionName).
     */
    final String templateHash;

    final String replicaSetUid;
    /** Pods that exist, terminating ones included. */
    final List<Pod> pods = new ArrayList<>();
    /** Every change of {@code spec.replicas} after seeding, in order. */
    final List<ScaleChange> scaleChanges = new ArrayList<>();

    int specReplicas;
    long generation = 1;
    long observedGeneration = 1;
    long resourceVersion;

    /** What a controller needs from its cluster. */
    interface Host {
        /** Creates, names and records a pod of {@code owner}. */
        Pod createPod(Workload owner, int ordinal, Instant at);

        /** Requests a graceful deletion of {@code pod} at {@code at}. */
        void deletePod(Pod pod, Instant at);

        /** Removes a pod whose grace period ended at {@code at}. */
        void removePod(Pod pod, Instant at);

        /** Marks {@code pod} Ready at {@code at}. */
        void podReady(Pod pod, Instant at);

        long nextResourceVersion();
    }

    Workload(
            WorkloadKind kind,
            String namespace,
            String name,
            String uid,
            Instant created,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames,
            List<VolumeClaimTemplate> templates,
            String templateHash,
            String replicaSetUid,
            long resourceVersion) {
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
        this.created = created;
        this.specReplicas = replicas;
        this.labels = Map.copyOf(labels);
        this.annotations = Map.copyOf(annotations);
        this.claimNames = List.copyOf(claimNames);
        this.templates = List.copyOf(templates);
        this.templateHash = templateHash;
        this.replicaSetUid = replicaSetUid;
        this.resourceVersion = resourceVersion;
    }

    /**
     * Sets {@code spec.replicas} and lets the controller act at {@code now}. Returns false when
     * nothing changed.
     */
    boolean scale(int replicas, Instant now, Host host) {
        if (replicas == specReplicas) {
            return false;
        }
        scaleChanges.add(new ScaleChange(namespace, kind, name, now, specReplicas, replicas));
        specReplicas = replicas;
        generation++;
        observedGeneration = generation;
        reconcile(now, host);
        evaluate(now, host);
        return true;
    }

    /**
     * Applies every pod event due by {@code now} in time order, letting the controller act at the
     * moment of each; true when any pod changed. The workload's resourceVersion moves only when its
     * rendered status changed.
     */
    boolean evaluate(Instant now, Host host) {
        Status before = status();
        boolean changed = false;
        while (true) {
            Pod next = null;
            Instant at = null;
            for (Pod pod : pods) {
                Instant due = pod.nextEventAt();
                if (due != null && !due.isAfter(now) && (at == null || due.isBefore(at))) {
                    next = pod;
                    at = due;
                }
            }
            if (next == null) {
                break;
            }
            if (next.terminating()) {
                pods.remove(next);
                host.removePod(next, at);
            } else {
                host.podReady(next, at);
            }
            changed = true;
            reconcile(at, host);
        }
        if (!status().equals(before)) {
            resourceVersion = host.nextResourceVersion();
        }
        return changed;
    }

    /** Lets the controller act on what was seeded (ended pods), then applies what is due. */
    void settle(Instant now, Host host) {
        reconcile(now, host);
        evaluate(now, host);
    }

    private void reconcile(Instant at, Host host) {
        if (kind == WorkloadKind.DEPLOYMENT) {
            reconcileReplicaSet(at, host);
        } else {
            reconcileStatefulSet(at, host);
        }
    }

    /**
     * The ReplicaSet controller counts only active pods (pkg/controller/replicaset/replica_set.go,
     * syncReplicaSet: {@code controller.FilterActivePods} drops pods with a deletionTimestamp and pods
     * in phase Succeeded or Failed), so it creates replacements at once while old pods still terminate
     * (KEP-3973), and never deletes a pod that ended: it stays until pod garbage collection ({@code
     * --terminated-pod-gc-threshold}, 12,500 by default, pkg/controller/podgc) or a person. A pod in
     * phase Unknown is active: it is counted, and deleted first on a scale-down (it is not Ready). On a scale-down it
     * deletes pods ranked by {@code getPodsToDelete} / {@code controller.ActivePodsWithRanks}
     * (pkg/controller/controller_utils.go): not-ready pods first, then the ones Ready for the
     * shortest time, then the newest.
     */
    private void reconcileReplicaSet(Instant at, Host host) {
        List<Pod> active = pods.stream().filter(Pod::active).toList();
        int diff = specReplicas - active.size();
        for (int i = 0; i < diff; i++) {
            pods.add(host.createPod(this, -1, at));
        }
        if (diff < 0) {
            active.stream()
                    .sorted(Comparator.comparing((Pod p) -> p.ready)
                            .thenComparing(p -> p.readySince, Comparator.nullsFirst(Comparator.reverseOrder()))
                            .thenComparing(p -> p.createdAt, Comparator.reverseOrder()))
                    .limit(-diff)
                    .toList()
                    .forEach(p -> host.deletePod(p, at));
        }
    }

    /**
     * {@code podManagementPolicy: OrderedReady} (Kubernetes docs, "StatefulSets", Deployment and
     * Scaling Guarantees; pkg/controller/statefulset/stateful_set_control.go, updateStatefulSet in
     * monotonic mode): while any pod terminates nothing else happens; pods are created in ordinal
     * order, each once all its predecessors are Running and Ready; on a scale-down the highest
     * ordinal is deleted, one at a time, the next only once the previous is completely gone. A pod
     * that finished running (Failed or Succeeded) is deleted and then re-created
     * (stateful_set_control.go, processReplica: "Delete and recreate pods which finished running");
     * a pod stuck terminating on a NotReady node blocks everything after it, as it does there.
     */
    private void reconcileStatefulSet(Instant at, Host host) {
        pods.stream().filter(p -> p.ended() && !p.terminating()).toList().forEach(p -> host.deletePod(p, at));
        if (pods.stream().anyMatch(Pod::terminating)) {
            return;
        }
        for (int ordinal = 0; ordinal < specReplicas; ordinal++) {
            Pod pod = byOrdinal(ordinal);
            if (pod == null) {
                pods.add(host.createPod(this, ordinal, at));
                return;
            }
            if (!pod.ready) {
                return;
            }
        }
        pods.stream()
                .filter(p -> p.ordinal >= specReplicas)
                .max(Comparator.comparingInt(p -> p.ordinal))
                .ifPresent(p -> host.deletePod(p, at));
    }

    private Pod byOrdinal(int ordinal) {
        return pods.stream().filter(p -> p.ordinal == ordinal).findFirst().orElse(null);
    }

    /** The counts of {@code status}, as the workload's controller computes them. */
    record Status(int replicas, int ready, int available, int updated, int current) {}

    /**
     * Deployment: the ReplicaSet status counts only active pods (replica_set_utils.go,
     * calculateStatus over {@code FilterActivePods}), so terminating and ended (Failed, Succeeded)
     * pods are in none of the counts, and a pod in phase Unknown is in {@code replicas} but not ready;
     * {@code status.terminatingReplicas} exists only behind the feature gate
     * DeploymentReplicaSetTerminatingReplicas, alpha and off by default through Kubernetes 1.34
     * (pkg/features/kube_features.go), so it is absent here. StatefulSet: {@code replicas} counts every
     * created pod, terminating ones included, {@code ready} every Running and Ready pod, {@code
     * current}/{@code updated} only non-terminating ones (stateful_set_control.go,
     * computeReplicaStatus). A terminating pod keeps its Ready condition (Kubernetes docs,
     * "EndpointSlices", Conditions: serving). minReadySeconds is 0, so available equals ready.
     */
    Status status() {
        if (kind == WorkloadKind.DEPLOYMENT) {
            int active = (int) pods.stream().filter(Pod::active).count();
            int ready = (int) pods.stream().filter(p -> p.active() && p.ready).count();
            return new Status(active, ready, ready, active, active);
        }
        int ready = (int) pods.stream().filter(p -> p.ready).count();
        int active = (int) pods.stream().filter(p -> !p.terminating()).count();
        return new Status(pods.size(), ready, ready, active, active);
    }

    /** The ReplicaSet (Deployment) or StatefulSet that owns the pods. */
    String podOwnerName() {
        return kind == WorkloadKind.DEPLOYMENT ? name + "-" + templateHash : name;
    }

    String podOwnerUid() {
        return kind == WorkloadKind.DEPLOYMENT ? replicaSetUid : uid;
    }

    String selector() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(labels)
                .forEach((k, v) -> out.append(out.isEmpty() ? "" : ",")
                        .append(k)
                        .append('=')
                        .append(v));
        return out.toString();
    }

    WorkloadView view() {
        Status status = status();
        return new WorkloadView(
                kind,
                namespace,
                name,
                specReplicas,
                status.replicas(),
                status.ready(),
                generation,
                observedGeneration,
                Long.toString(resourceVersion),
                labels,
                annotations,
                claimNames,
                templates);
    }
}
