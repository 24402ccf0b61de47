package io.efsdr.sandbox.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for an Argo CD application with automated sync and {@code selfHeal: true} tracking a
 * workload. Argo CD docs, "Resource Tracking": the tracked object carries the annotation
 * {@code argocd.argoproj.io/tracking-id}; "Automated Sync Policy": with self-heal, a change made in
 * the live cluster (here: {@code spec.replicas}) is reverted to what Git says, and the application
 * controller waits {@code --self-heal-timeout-seconds} (5 s by default) between self-heal attempts.
 * Git's replicas are the ones the workload was seeded with. Only a scale to zero is reverted: that
 * is the one the orchestrator's stops rely on (a real self-heal reverts any difference).
 *
 * <p>The HPA stand-in, by contrast, never scales anything: the Kubernetes docs, "Horizontal Pod
 * Autoscaling", "Implicit maintenance-mode deactivation", say that when a target's replicas are set
 * to 0 and the HPA's minimum is above 0, the HPA stops adjusting the target until someone scales
 * it up again or changes the minimum. So an HPA does not undo a scale to zero, and is served for
 * detection only.
 */
final class ArgoCdSelfHeal {
    static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";
    static final Duration SELF_HEAL_DELAY = Duration.ofSeconds(5);

    /** A restore that is due: the workload goes back to {@code replicas} at {@code at}. */
    record Restore(Workload workload, int replicas, Instant at) {}

    private final Map<Workload, Integer> gitReplicas = new IdentityHashMap<>();
    private final Map<Workload, Instant> due = new IdentityHashMap<>();

    /** A workload was seeded with {@code replicas}: for a tracked one, that is what Git says. */
    void seeded(Workload workload, int replicas) {
        if (workload.annotations.containsKey(TRACKING_ID) && replicas > 0) {
            gitReplicas.put(workload, replicas);
        }
    }

    /** Someone set the workload's replicas at {@code at}; a tracked workload set to 0 is healed later. */
    void scaled(Workload workload, int replicas, Instant at) {
        if (gitReplicas.containsKey(workload) && replicas == 0) {
            due.put(workload, at.plus(SELF_HEAL_DELAY));
        } else {
            due.remove(workload);
        }
    }

    /** The restores due by {@code now}, each handed out once. */
    List<Restore> dueBy(Instant now) {
        List<Restore> restores = new ArrayList<>();
        due.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            restores.add(new Restore(e.getKey(), gitReplicas.get(e.getKey()), e.getValue()));
            return true;
        });
        return restores;
    }
}
