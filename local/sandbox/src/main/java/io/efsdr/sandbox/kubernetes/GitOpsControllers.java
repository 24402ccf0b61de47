package io.efsdr.sandbox.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the GitOps controllers of one cluster that put a workload's {@code spec.replicas}
 * back to what Git says (the replicas it was seeded with) after someone else changed it. Each
 * controller keeps its own journal of reverts, which the drill reports (never what a handler said).
 *
 * <p>Argo CD, automated sync with {@code selfHeal: true} (Argo CD docs, "Automated Sync Policy",
 * Automatic Self-Healing; controller/appcontroller.go, {@code selfHealRemainingBackoff}, with the
 * backoff built in cmd/argocd-application-controller from {@code --self-heal-backoff-timeout-seconds}
 * 2, {@code --self-heal-backoff-factor} 3, {@code --self-heal-backoff-cap-seconds} 300 and {@code
 * --self-heal-backoff-cooldown-seconds} 330; the attempt count is {@code
 * operationState.operation.sync.selfHealAttemptsCount}): heal 0 comes {@code revertAfterSeconds}
 * after a scale it did not make (the refresh that notices the drift); heal k >= 1 comes no sooner
 * than min(2 x 3^(k-1), 300) s after the previous heal; once the application stayed in sync for the
 * cooldown, the count starts again at 0. Checked against the source (issue 20, point 3):
 * {@code selfHealRemainingBackoff} copies the backoff, sets {@code Steps} to the attempt count and
 * calls {@code Step()} that many times, so count 0 waits nothing, count k waits 2 x 3^(k-1) s capped
 * at 300, measured from the last operation's {@code finishedAt}; the flag defaults (2, 3, 300, 330)
 * are those of the argocd-application-controller command reference. Argo CD 3.3's release notes
 * deprecate {@code --self-heal-backoff-cooldown-seconds}; the model keeps the reset after 330 s,
 * which only makes heals sooner after a long quiet spell (scenario {@code cooldownSeconds}).
 *
 * <p>Flux kustomize-controller (Flux docs, "Kustomization", {@code .spec.interval}: "the interval at
 * which to reconcile the Kustomization", each reconcile running a server-side apply that detects
 * and corrects drift; the example there: "every ten minutes, the Kustomization runs a server-side
 * apply"): the first revert comes {@code revertAfterSeconds} (the interval)
 * after a scale it did not make, the pessimistic end of a drift noticed at the next reconcile; from
 * then on it reconciles every interval, and reverts whatever drifted in between.
 *
 * <p>{@code ignoresReplicas} models Argo CD's {@code ignoreDifferences} with {@code jsonPointers
 * [/spec/replicas]} (Argo CD docs, "Diffing Customization"; with {@code RespectIgnoreDifferences}),
 * a Flux manifest without {@code replicas}, or a Flux Kustomization's drift ignore rule on it (Flux
 * blog, "Selective drift correction with ignore rules"): the controller never reverts a scale.
 *
 * <p>The HPA stand-in, by contrast, never scales anything: the Kubernetes docs, "Horizontal Pod
 * Autoscaling", "Implicit maintenance-mode deactivation", say that when a target's replicas are set
 * to 0 and the HPA's minimum is above 0, the HPA stops adjusting the target until someone scales it
 * up again or changes the minimum. So an HPA does not undo a scale to zero, and is served for
 * detection only.
 */
final class GitOpsControllers {
    /** Argo CD's self-heal backoff: 2 s x 3^n, capped at 300 s (see the class comment). */
    static final Duration ARGO_CD_BACKOFF_BASE = Duration.ofSeconds(2);

    static final Duration ARGO_CD_BACKOFF_CAP = Duration.ofSeconds(300);

    /** One controller as the scenario describes it. */
    record Spec(String kind, String workload, long revertAfterSeconds, boolean ignoresReplicas, long cooldownSeconds) {
        boolean matches(Workload w) {
            return workload.equals("*")
                    || workload.equals(w.namespace + "/"
                            + (w.kind == WorkloadKind.DEPLOYMENT ? "Deployment" : "StatefulSet") + "/" + w.name);
        }
    }

    /**
     * A revert a controller made: the workload went back to {@code replicas} at {@code at}; {@code
     * object} is the GitOps object that manages it ({@code <namespace>/<Kind>/<name>}), null for none.
     */
    record Revert(
            String controller, String namespace, String kind, String name, int replicas, Instant at, String object) {}

    /** A revert that is due. */
    record Due(Workload workload, int replicas, Instant at, Tracking tracking) {}

    /** What one controller knows about one workload it manages. */
    static final class Tracking {
        final Spec spec;
        final int gitReplicas;
        /** The object whose controller this is (issue 22): its levers stop it; null: none (no lever). */
        final GitOpsObject object;

        final String workloadId;
        final String workloadKind;
        int heals;
        Instant lastRevert;
        Instant next;

        Tracking(Spec spec, int gitReplicas) {
            this(spec, gitReplicas, null, null, null);
        }

        Tracking(Spec spec, int gitReplicas, GitOpsObject object, String workloadId, String workloadKind) {
            this.spec = spec;
            this.gitReplicas = gitReplicas;
            this.object = object;
            this.workloadId = workloadId;
            this.workloadKind = workloadKind;
        }

        /** Whether a lever of its object stops it now (see {@link GitOpsObject}). */
        boolean stopped() {
            return object != null && object.stops(workloadId);
        }

        private boolean ignores() {
            return spec.ignoresReplicas() || (object != null && object.ignoresReplicas(workloadKind));
        }

        /**
         * Someone else set the replicas to {@code replicas} at {@code at}. While a lever stops the
         * controller nothing is scheduled: Argo CD does not process a skipped Application at all,
         * kustomize-controller skips a disabled object and a suspended Kustomization or HelmRelease.
         */
        void drifted(int replicas, Instant at) {
            if (ignores() || replicas == gitReplicas || stopped()) {
                next = null;
                return;
            }
            if (next != null) {
                return;
            }
            Duration after = Duration.ofSeconds(spec.revertAfterSeconds());
            if (spec.kind().equals("flux")) {
                if (lastRevert == null) {
                    next = at.plus(after);
                } else {
                    Instant tick = lastRevert;
                    while (!tick.isAfter(at)) {
                        tick = tick.plus(after);
                    }
                    next = tick;
                }
                return;
            }
            if (lastRevert != null
                    && !Duration.between(lastRevert, at)
                            .minusSeconds(spec.cooldownSeconds())
                            .isNegative()) {
                heals = 0;
            }
            if (heals == 0) {
                next = at.plus(after);
            } else {
                Instant earliest = lastRevert.plus(argoCdBackoff(heals));
                next = earliest.isAfter(at) ? earliest : at;
            }
        }

        void reverted(Instant at) {
            heals++;
            lastRevert = at;
            next = null;
        }
    }

    /** Heal k >= 1 waits min(2 x 3^(k-1), 300) s after the previous one. */
    static Duration argoCdBackoff(int heal) {
        Duration wait = ARGO_CD_BACKOFF_BASE;
        for (int i = 1; i < heal && wait.compareTo(ARGO_CD_BACKOFF_CAP) < 0; i++) {
            wait = wait.multipliedBy(3);
        }
        return wait.compareTo(ARGO_CD_BACKOFF_CAP) > 0 ? ARGO_CD_BACKOFF_CAP : wait;
    }

    private final List<Spec> specs = new ArrayList<>();
    private final Map<Workload, List<Tracking>> tracked = new IdentityHashMap<>();
    /** The GitOps objects that manage each workload (issue 22), in the order the scenario seeded them. */
    private final Map<Workload, List<GitOpsObject>> managers = new IdentityHashMap<>();

    private final List<Revert> journal = new ArrayList<>();

    void add(Spec spec) {
        specs.add(spec);
    }

    /** A workload was seeded with {@code replicas}: for the controllers that manage it, Git says so. */
    void seeded(Workload workload, int replicas) {
        seeded(workload, replicas, List.of());
    }

    /**
     * A workload was seeded with {@code replicas}, managed by {@code objects}: each of them learns that
     * Git says so, and each controller that covers it is tied to the object of its kind (argocd: the
     * Application; flux: the Kustomization, else the HelmRelease), whose levers stop it.
     */
    void seeded(Workload workload, int replicas, List<GitOpsObject> objects) {
        String id = id(workload);
        String kind = kindOf(workload);
        boolean disabled = "disabled".equals(workload.annotations.get(GitOpsObject.FLUX_RECONCILE));
        for (GitOpsObject object : objects) {
            object.manage(id, replicas, replicas, disabled);
        }
        managers.put(workload, List.copyOf(objects));
        List<Tracking> list = new ArrayList<>();
        for (Spec spec : specs) {
            if (spec.matches(workload)) {
                GitOpsObject object = objects.stream()
                        .filter(o -> spec.kind().equals("argocd")
                                ? o.kind == GitOpsObject.Kind.APPLICATION
                                : o.kind != GitOpsObject.Kind.APPLICATION)
                        .sorted((a, b) -> Boolean.compare(
                                b.kind == GitOpsObject.Kind.KUSTOMIZATION, a.kind == GitOpsObject.Kind.KUSTOMIZATION))
                        .findFirst()
                        .orElse(null);
                list.add(new Tracking(spec, replicas, object, id, kind));
            }
        }
        if (!list.isEmpty()) {
            tracked.put(workload, list);
        }
    }

    /** The objects that manage {@code workload}. */
    List<GitOpsObject> managersOf(Workload workload) {
        return managers.getOrDefault(workload, List.of());
    }

    /**
     * A lever that stops the controllers of {@code workload} was set or removed at {@code at}: set, a
     * revert that was scheduled does not happen; removed, the controller resumes and notices a drift
     * as it would a fresh scale (Argo CD: a refresh, then heal; Flux: at its next interval), so it
     * reverts to Git's numbers.
     */
    void leverChanged(Workload workload, Instant at) {
        for (Tracking t : tracked.getOrDefault(workload, List.of())) {
            if (t.stopped()) {
                t.next = null;
            } else {
                t.drifted(workload.specReplicas, at);
            }
        }
    }

    /** The workloads {@code object} manages here, whose controllers its levers stop. */
    List<Workload> managedBy(GitOpsObject object) {
        List<Workload> list = new ArrayList<>();
        managers.forEach((w, objects) -> {
            if (objects.contains(object)) {
                list.add(w);
            }
        });
        return list;
    }

    static String id(Workload w) {
        return w.namespace + "/" + kindOf(w) + "/" + w.name;
    }

    static String kindOf(Workload w) {
        return w.kind == WorkloadKind.DEPLOYMENT ? "Deployment" : "StatefulSet";
    }

    /** Someone other than {@code by} (null: not a controller) set the workload's replicas at {@code at}. */
    void scaled(Workload workload, int replicas, Instant at, Tracking by) {
        for (GitOpsObject object : managers.getOrDefault(workload, List.of())) {
            object.live(id(workload), replicas);
        }
        for (Tracking t : tracked.getOrDefault(workload, List.of())) {
            if (t != by) {
                t.drifted(replicas, at);
            } else {
                t.next = null;
            }
        }
    }

    /** The earliest revert due by {@code now}, or null. */
    Due nextDue(Instant now) {
        Due earliest = null;
        for (Map.Entry<Workload, List<Tracking>> e : tracked.entrySet()) {
            for (Tracking t : e.getValue()) {
                if (t.next != null && !t.next.isAfter(now) && (earliest == null || t.next.isBefore(earliest.at()))) {
                    earliest = new Due(e.getKey(), t.gitReplicas, t.next, t);
                }
            }
        }
        return earliest;
    }

    /** Records that {@code due} was carried out. */
    void done(Due due) {
        due.tracking().reverted(due.at());
        Workload w = due.workload();
        journal.add(new Revert(
                due.tracking().spec.kind(),
                w.namespace,
                w.kind == WorkloadKind.DEPLOYMENT ? "Deployment" : "StatefulSet",
                w.name,
                due.replicas(),
                due.at(),
                due.tracking().object == null ? null : due.tracking().object.key()));
        if (due.tracking().object != null) {
            due.tracking().object.reverted(due.at());
        }
    }

    List<Revert> journal() {
        return List.copyOf(journal);
    }
}
