package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * Mutable state of one pod; guarded by the owning {@link ClusterState}. Containers are assumed to
 * run from creation (phase {@code Running}); the pod becomes Ready at {@link #readyAt} unless its
 * deletion was requested first.
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
            return deletionTimestamp();
        }
        return ready ? null : readyAt;
    }

    PodLifetime lifetime() {
        return new PodLifetime(owner.namespace, owner.name, name, createdAt, goneAt, readySince);
    }
}
