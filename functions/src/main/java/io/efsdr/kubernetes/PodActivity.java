package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Whether a pod may still write to its volumes, judged from the pod as the API server shows it: the
 * one rule every "stopped" and writer count uses.
 *
 * <p>The ReplicaSet controller counts only active pods ({@code pkg/controller/controller_utils.go},
 * {@code IsPodActive}: phase neither {@code Succeeded} nor {@code Failed}, and no {@code
 * deletionTimestamp}) and never deletes a pod that ended: one evicted for node pressure or stopped by a
 * graceful node shutdown stays in phase {@code Failed} until pod garbage collection ({@code
 * --terminated-pod-gc-threshold}, 12,500 by default) or a person removes it. Its containers have
 * ended, so it is not a writer, and counting it would make every stop wait out its bound. Unlike
 * {@code IsPodActive}, a pod with a {@code deletionTimestamp} still counts: it runs through its grace
 * period, and on a NotReady node until someone force-deletes it. A pod in phase {@code Unknown} (its
 * node does not report) counts too: a partitioned node may still run it (Kubernetes docs, "Pod
 * Lifecycle", Pod phase).
 */
public enum PodActivity {
    /** Pending or running, no deletion requested: a writer. */
    ACTIVE(true),
    /** Deletion requested, containers not known to have ended: a writer until it is gone. */
    TERMINATING(true),
    /** Phase {@code Unknown}: its node does not report, so it may still run and write. */
    UNKNOWN(true),
    /** Phase {@code Succeeded} or {@code Failed}: its containers ended; the object may stay for long. */
    ENDED(false);

    private final boolean mayWrite;

    PodActivity(boolean mayWrite) {
        this.mayWrite = mayWrite;
    }

    /** Whether a pod in this state may still write to its volumes. */
    public boolean mayWrite() {
        return mayWrite;
    }

    /** The state of one pod object ({@code metadata}, {@code status}); an absent phase is pending. */
    public static PodActivity of(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return ENDED;
        }
        if (phase.equals("Unknown")) {
            return UNKNOWN;
        }
        JsonNode deletion = pod.path("metadata").path("deletionTimestamp");
        return deletion.isMissingNode() || deletion.isNull() ? ACTIVE : TERMINATING;
    }

    /** How many of the pods may still write. */
    public static int writers(Collection<? extends JsonNode> pods) {
        return (int) pods.stream().filter(p -> of(p).mayWrite()).count();
    }
}
