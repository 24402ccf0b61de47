package io.efsdr.sandbox.kubernetes;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * The pod controllers' hands on a cluster's state (part of the model): creating, deleting,
 * removing and readying pods with the cluster's resourceVersions, and naming them as the
 * ReplicaSet and StatefulSet controllers do. Called under the cluster's lock.
 */
final class PodHost implements Workload.Host {
    private final ClusterState state;
    private final Random random = new Random();

    PodHost(ClusterState state) {
        this.state = state;
    }

    @Override
    public Pod createPod(Workload owner, int ordinal, Instant at) {
        Pod pod = new Pod(
                owner,
                ordinal >= 0 ? owner.name + "-" + ordinal : deploymentPodName(owner),
                UUID.randomUUID().toString(),
                ordinal,
                at,
                at.plus(state.readinessDelay),
                state.terminationGraceSeconds,
                state.nextResourceVersion());
        state.podHistory.add(pod);
        return pod;
    }

    @Override
    public void deletePod(Pod pod, Instant at) {
        pod.deletionRequestedAt = at;
        pod.deletionGraceSeconds = pod.terminationGraceSeconds;
        pod.resourceVersion = state.nextResourceVersion();
    }

    @Override
    public void removePod(Pod pod, Instant at) {
        pod.goneAt = at;
        state.nextResourceVersion();
    }

    @Override
    public void podReady(Pod pod, Instant at) {
        pod.ready = true;
        pod.readySince = at;
        pod.resourceVersion = state.nextResourceVersion();
    }

    @Override
    public long nextResourceVersion() {
        return state.nextResourceVersion();
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
                    || state.workloads.values().stream()
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
    String templateHash() {
        return randomString("bcdf2456789", 10);
    }

    private String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
