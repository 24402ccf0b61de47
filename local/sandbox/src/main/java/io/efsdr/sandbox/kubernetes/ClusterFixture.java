package io.efsdr.sandbox.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seeding: puts the world a scenario describes into a {@link ClusterState} (StorageClasses,
 * workloads with their running and ended pods, claims, GitOps objects and what they manage), as if
 * it had been so for a while. Each call holds the cluster's lock.
 */
final class ClusterFixture {
    private final ClusterState state;

    ClusterFixture(ClusterState state) {
        this.state = state;
    }

    void putStorageClass(
            String name,
            String provisioner,
            Map<String, String> parameters,
            String reclaimPolicy,
            List<String> mountOptions) {
        synchronized (state) {
            state.storageClasses.putStorageClass(name, provisioner, parameters, reclaimPolicy, mountOptions);
        }
    }

    /** Seeds a GitOps object that lives in this cluster. */
    void putGitOpsObject(GitOpsObject object) {
        synchronized (state) {
            state.gitOpsObjects.put(ClusterState.key(object.kind.plural, object.namespace, object.name), object);
        }
    }

    /**
     * Registers {@code object} (in this cluster or another) as managing the workload {@code
     * <namespace>/<Kind>/<name>} of this cluster; call before the workload is seeded.
     */
    void manageWorkload(String workload, GitOpsObject object) {
        synchronized (state) {
            List<GitOpsObject> list = new ArrayList<>(state.managedBy.getOrDefault(workload, List.of()));
            if (!list.contains(object)) {
                list.add(object);
            }
            state.managedBy.put(workload, List.copyOf(list));
            object.addListener(state);
        }
    }

    /**
     * Seeds a workload with {@code replicas} pods running and Ready for a day, and beside them the
     * {@code ended} pods (see {@link #seedEnded}).
     */
    void putWorkload(
            WorkloadKind kind,
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames,
            List<VolumeClaimTemplate> templates,
            List<EndedPod> ended) {
        synchronized (state) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must be >= 0");
            }
            state.evaluate();
            Instant now = state.now();
            String key = ClusterState.key(kind.resource(), namespace, name);
            Workload replaced = state.workloads.get(key);
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
                    state.host.templateHash(),
                    UUID.randomUUID().toString(),
                    state.nextResourceVersion());
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
                Pod pod = state.host.createPod(workload, kind == WorkloadKind.STATEFULSET ? i : -1, runningSince);
                pod.ready = true;
                pod.readySince = runningSince;
                workload.pods.add(pod);
            }
            for (int i = 0; i < ended.size(); i++) {
                workload.pods.add(seedEnded(workload, endedOrdinals.get(i), ended.get(i), runningSince, now));
            }
            state.workloads.put(key, workload);
            state.controllers.seeded(
                    workload, replicas, state.managedBy.getOrDefault(GitOpsControllers.id(workload), List.of()));
            if (!ended.isEmpty()) {
                workload.settle(now, state.host);
            }
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
        Pod pod = state.host.createPod(workload, ordinal, created);
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

    void putClaim(
            String namespace,
            String name,
            String storageClassName,
            String phase,
            String volumeName,
            Instant createdAt) {
        synchronized (state) {
            String key = ClusterState.key("persistentvolumeclaims", namespace, name);
            state.claims.put(
                    key,
                    new PersistentVolumeClaimView(
                            namespace,
                            name,
                            UUID.randomUUID().toString(),
                            storageClassName,
                            volumeName == null ? "" : volumeName,
                            phase));
            state.claimVersions.put(key, state.nextResourceVersion());
            state.claimCreated.put(key, createdAt);
        }
    }
}
