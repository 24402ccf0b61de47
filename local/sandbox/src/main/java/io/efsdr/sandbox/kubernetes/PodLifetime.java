package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * When one pod existed: from its creation until the API server removed it, which for a pod that
 * was deleted gracefully is the end of its {@code terminationGracePeriodSeconds}. A pod can write
 * to its volumes for its whole lifetime, terminating time included.
 *
 * @param workload the Deployment or StatefulSet that owned it
 * @param goneAt null while the pod exists
 * @param readyAt when it first became ready; null when it never did
 */
public record PodLifetime(
        String namespace, String workload, String pod, Instant createdAt, Instant goneAt, Instant readyAt) {
    public PodLifetime(String namespace, String workload, String pod, Instant createdAt, Instant goneAt) {
        this(namespace, workload, pod, createdAt, goneAt, null);
    }
}
