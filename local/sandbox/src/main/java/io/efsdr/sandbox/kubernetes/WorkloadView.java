package io.efsdr.sandbox.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a Deployment or StatefulSet.
 *
 * @param replicas {@code spec.replicas}
 * @param statusReplicas {@code status.replicas}: for a Deployment its non-terminating pods only,
 *     for a StatefulSet every pod that exists; pods that may write are {@link
 *     KubernetesStandIn#runningReplicas()}
 * @param readyReplicas {@code status.readyReplicas}
 * @param claimNames PVCs the pod template mounts (Deployments)
 * @param volumeClaimTemplates claim templates (StatefulSets)
 */
public record WorkloadView(
        WorkloadKind kind,
        String namespace,
        String name,
        int replicas,
        int statusReplicas,
        int readyReplicas,
        long generation,
        long observedGeneration,
        String resourceVersion,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> claimNames,
        List<VolumeClaimTemplate> volumeClaimTemplates) {

    /**
     * True when the status has caught up with {@code spec.replicas}; a Deployment's terminating pods
     * may still be running.
     */
    public boolean settled() {
        return statusReplicas == replicas && readyReplicas == replicas;
    }
}
