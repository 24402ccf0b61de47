package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * When one pod existed: from its creation until the API server removed it, which for a pod that
 * was deleted gracefully is the end of its {@code terminationGracePeriodSeconds}. A pod can write
 * to its volumes for its whole lifetime, terminating time included, unless its containers ended
 * first (phase Failed or Succeeded): then it writes until {@code endedAt} and stays until deleted.
 *
 * @param workload the Deployment or StatefulSet that owned it
 * @param goneAt null while the pod exists
 * @param readyAt when it first became ready; null when it never did
 * @param endedAt when its containers ended (phase Failed or Succeeded); null when they may still run
 * @param phase {@code Failed}, {@code Succeeded} or {@code Unknown} for a seeded ended pod; null for a
 *     running one
 */
public record PodLifetime(
        String namespace,
        String workload,
        String pod,
        Instant createdAt,
        Instant goneAt,
        Instant readyAt,
        Instant endedAt,
        String phase) {
    public PodLifetime(
            String namespace, String workload, String pod, Instant createdAt, Instant goneAt, Instant readyAt) {
        this(namespace, workload, pod, createdAt, goneAt, readyAt, null, null);
    }

    public PodLifetime(String namespace, String workload, String pod, Instant createdAt, Instant goneAt) {
        this(namespace, workload, pod, createdAt, goneAt, null);
    }

    /** Until when it could write: its containers' end or its removal, whichever came first; null: still may. */
    public Instant writesUntil() {
        if (endedAt != null && (goneAt == null || endedAt.isBefore(goneAt))) {
            return endedAt;
        }
        return goneAt;
    }
}
