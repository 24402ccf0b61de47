package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * Mutable state of one pod; guarded by the owning {@link ClusterState}. Containers are assumed to
 * run from creation (phase {@code Running}); the pod becomes Ready at {@link #readyAt} unless its
 * deletion was requested first. A seeded ended pod ({@link EndedPod}) has another phase: {@code
 * Failed} or {@code Succeeded} (its containers ended at {@link #endedAt}: it stays, but no longer
 * writes) or {@code Unknown} (its node stopped reporting: it may still run and write).
 */
final class Pod {
    final Workload owner;
    final String name;
    final String uid;
    /** The StatefulSet ordinal, or -1 for a Deployment's pod. */
    final int ordinal;

    final Instant createdAt;
    final Instant readyAt;
    long terminationGraceSeconds;
    boolean ready;
    Instant readySince;
    Instant deletionRequestedAt;
    long deletionGraceSeconds;
    Instant goneAt;
    long resourceVersion;
    /** {@code Failed}, {@code Succeeded} or {@code Unknown} for a seeded ended pod; null: Running. */
    String phase;
    /** Its {@code status.reason} ({@code Evicted}, {@code Shutdown}, ...); null: none. */
    String reason;
    /** When its containers ended (phase Failed or Succeeded); null while they may run. */
    Instant endedAt;
    /**
     * Its node is NotReady: the kubelet cannot confirm a deletion, so a deletion never completes
     * (Kubernetes docs, "Pod Lifecycle", Pod phase: Unknown; "Nodes", Node status: pods on an
     * unreachable node are deleted, but stay Terminating until the node answers or someone
     * force-deletes them).
     */
    boolean onNotReadyNode;

    Pod(
            Workload owner,
            String name,
            String uid,
            int ordinal,
            Instant createdAt,
            Instant readyAt,
            long terminationGraceSeconds,
            long resourceVersion) {
        this.owner = owner;
        this.name = name;
        this.uid = uid;
        this.ordinal = ordinal;
        this.createdAt = createdAt;
        this.readyAt = readyAt;
        this.terminationGraceSeconds = terminationGraceSeconds;
        this.resourceVersion = resourceVersion;
    }

    boolean terminating() {
        return deletionRequestedAt != null;
    }

    boolean exists() {
        return goneAt == null;
    }

    /** Its containers ended (phase Failed or Succeeded): it no longer writes, though it may stay. */
    boolean ended() {
        return endedAt != null;
    }

    /**
     * Active as the ReplicaSet controller counts it (pkg/controller/controller_utils.go, IsPodActive):
     * not Succeeded, not Failed, no deletionTimestamp. A pod in phase Unknown is active.
     */
    boolean active() {
        return !ended() && !terminating();
    }

    /** Exists and may still write: running, terminating, or in phase Unknown; not ended. */
    boolean mayWrite() {
        return exists() && !ended();
    }

    /**
     * {@code metadata.deletionTimestamp}: the request time plus the grace period, the moment after
     * which the pod may be removed (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go,
     * BeforeDelete: {@code now.Add(time.Second * GracePeriodSeconds)}).
     */
    Instant deletionTimestamp() {
        return deletionRequestedAt.plusSeconds(deletionGraceSeconds);
    }

    /**
     * The next moment this pod changes by itself: gone at the end of its grace period when
     * terminating, otherwise Ready at {@link #readyAt}; null when nothing is pending.
     */
    Instant nextEventAt() {
        if (!exists()) {
            return null;
        }
        if (terminating()) {
            if (onNotReadyNode) {
                return null;
            }
            // A pod whose containers already ended has nothing to stop: the kubelet confirms the
            // deletion at once (pkg/kubelet/status/status_manager.go, canBeDeleted once no container runs).
            return ended() ? deletionRequestedAt : deletionTimestamp();
        }
        return ready || phase != null ? null : readyAt;
    }

    PodLifetime lifetime() {
        return new PodLifetime(owner.namespace, owner.name, name, createdAt, goneAt, readySince, endedAt, phase);
    }
}
