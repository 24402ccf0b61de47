package io.efsdr.sandbox.kubernetes;

import java.util.List;

/**
 * A pod of a workload that is not simply running, seeded beside its running pods: evicted for node
 * pressure or stopped by a graceful node shutdown ({@code Failed}), run to completion ({@code
 * Succeeded}), or on a node that stopped reporting ({@code Unknown}).
 *
 * @param phase {@code Failed}, {@code Succeeded} or {@code Unknown}
 * @param reason its {@code status.reason} ({@code Evicted}, {@code Shutdown}, {@code NodeLost}); null
 *     or empty for none
 * @param terminatingOnNotReadyNode its deletion was requested (a taint-based eviction, a scale-down)
 *     while its node is NotReady: it stays Terminating until someone force-deletes it
 */
public record EndedPod(String phase, String reason, boolean terminatingOnNotReadyNode) {
    public static final List<String> PHASES = List.of("Failed", "Succeeded", "Unknown");

    public EndedPod {
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("phase must be one of " + PHASES + ", not " + phase);
        }
        reason = reason == null || reason.isEmpty() ? null : reason;
    }

    /** Its containers ended: it no longer writes. */
    public boolean ended() {
        return !phase.equals("Unknown");
    }

    /** Its node is NotReady: phase Unknown, or deleted where the kubelet cannot confirm it. */
    boolean onNotReadyNode() {
        return !ended() || terminatingOnNotReadyNode;
    }
}
