package io.efsdr.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.kubernetes.KubernetesApi;
import io.efsdr.kubernetes.KubernetesClusters;
import io.efsdr.kubernetes.Parallel;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.plan.Workload;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hands the plan's workloads over from their GitOps controllers for the length of a DR: for each
 * workload an Argo CD Application, a Flux Kustomization or HelmRelease applies, the narrowest lever
 * that controller documents ({@link Lever}) is set, so that it no longer changes the replicas the run
 * sets (Flux re-applies Git's replicas at its interval, Argo CD self-heal at once). An Application
 * that already ignores {@code /spec/replicas} with {@code RespectIgnoreDifferences=true} is left as it
 * is. Each change is written to the {@link HandOverLedger} before the lever is set, with the value it
 * had before: a retry or redrive that finds our value on the object keeps the first value before, and
 * the give-back ({@link GiveBack}) restores exactly it.
 */
public final class HandOver {
    /** The words every report of the Argo CD lever carries. */
    public static final String ARGO_CD_ALPHA = "argocd.argoproj.io/skip-reconcile is an alpha feature of Argo CD"
            + " since 2.7 (docs: \"Skip Application Reconcile\"); Argo CD before 2.7 ignores it";

    private final KubernetesClusters clusters;
    private final HandOverLedger ledger;
    private final Clock clock;

    public HandOver(KubernetesClusters clusters, HandOverLedger ledger, Clock clock) {
        this.clusters = clusters;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The hand-over step of a failover or failback: DR's cluster first, then the primary's, which
     * may not answer (a region-down failover: the split-brain guard hands it over when it answers).
     */
    public HandOverResult handOver(DrPlan plan, RunContext run) {
        Instant started = clock.instant();
        List<Workload> workloads = plan.workloads().list();
        if (!plan.gitops().handover()) {
            return new HandOverResult(
                    HandOverOutcome.DISABLED,
                    List.of(),
                    List.of(),
                    false,
                    "the plan says gitops.handover: false: the GitOps controllers keep managing the workloads' "
                            + "replicas (they may undo what this run scales)",
                    started,
                    clock.instant());
        }
        HandOverChange.Taker by =
                "failback".equals(run.workflow()) ? HandOverChange.Taker.FAILBACK : HandOverChange.Taker.FAILOVER;
        try {
            return handOver(plan, run, workloads, by, started);
        } catch (RecordUnavailable e) {
            throw e.unwrap();
        }
    }

    private HandOverResult handOver(
            DrPlan plan, RunContext run, List<Workload> workloads, HandOverChange.Taker by, Instant started) {
        List<HandOverChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Sited dr = site(plan, Target.DR, workloads, run.executionName(), by, run.dryRun());
        changes.addAll(dr.changes());
        notes.addAll(dr.notes());
        boolean primaryReached;
        try {
            Sited primary = site(plan, Target.PRIMARY, workloads, run.executionName(), by, run.dryRun());
            changes.addAll(primary.changes());
            notes.addAll(primary.notes());
            primaryReached = true;
        } catch (DependencyUnavailableException e) {
            primaryReached = false;
            notes.add("the primary cluster " + plan.primary().clusterName() + " does not answer ("
                    + e.getMessage() + "): its workloads are not handed over; "
                    + (by == HandOverChange.Taker.FAILOVER
                            ? "the split-brain guard hands them over as soon as it answers, before it stops them"
                            : "a failback needs it"));
        }
        HandOverOutcome outcome = run.dryRun()
                ? HandOverOutcome.DRY_RUN
                : changes.isEmpty() ? HandOverOutcome.NONE_NEEDED : HandOverOutcome.HANDED_OVER;
        return new HandOverResult(
                outcome, changes, notes, primaryReached, summary(outcome, changes, notes), started, clock.instant());
    }

    /** The changes and notes of one site. */
    public record Sited(List<HandOverChange> changes, List<String> notes) {}

    /**
     * The hand-over's own record (SSM, in the DR region) could not be read or written: never "the
     * primary cluster does not answer", which lets a run go on without the primary handed over. A
     * fuzz world (seed 113326005742205: SSM PutParameter unreachable) went on so, and the primary's
     * Flux undid the stop. {@link #unwrap()} gives the original error back, so the step fails with
     * it and its Retry applies.
     */
    public static final class RecordUnavailable extends RuntimeException {
        RecordUnavailable(DependencyUnavailableException cause) {
            super(cause.getMessage(), cause);
        }

        public DependencyUnavailableException unwrap() {
            return (DependencyUnavailableException) getCause();
        }
    }

    private static <T> T ledgerCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DependencyUnavailableException e) {
            throw new RecordUnavailable(e);
        }
    }

    /**
     * Hands {@code workloads} of {@code target}'s cluster over, recording each change for {@code
     * execution}; a dry run only says what it would set.
     *
     * @throws DependencyUnavailableException when {@code target}'s cluster does not answer
     */
    public Sited site(
            DrPlan plan,
            Target target,
            List<Workload> workloads,
            String execution,
            HandOverChange.Taker by,
            boolean dryRun) {
        Site site = plan.site(target);
        KubernetesApi client = clusters.client(site);
        List<String> notes = new ArrayList<>();
        Map<String, Planned> planned = new LinkedHashMap<>();
        // One GET per workload, at the plan's Kubernetes concurrency: read one by one, 5,000 workloads
        // outlast the Task's 150 s (LimitsDrillTest).
        List<Optional<JsonNode>> objects =
                Parallel.map(workloads, plan.kubernetesConcurrency(), w -> client.get(workloadPath(w)));
        for (int i = 0; i < workloads.size(); i++) {
            Workload workload = workloads.get(i);
            String path = workloadPath(workload);
            Optional<JsonNode> object = objects.get(i);
            if (object.isEmpty()) {
                continue;
            }
            for (GitOpsOwner owner : GitOpsOwner.of(object.get(), site, plan.gitops())) {
                Planned p = switch (owner.kind()) {
                    case KUSTOMIZATION ->
                        planned.computeIfAbsent(
                                site.clusterName() + " " + path,
                                k -> new Planned(
                                        owner,
                                        Lever.FLUX_RECONCILE_DISABLED,
                                        workload.kind().name(),
                                        workload.namespace(),
                                        workload.name(),
                                        path,
                                        object.get()));
                    case HELM_RELEASE, APPLICATION ->
                        planned.computeIfAbsent(
                                owner.site().clusterName() + " " + owner.path(),
                                k -> new Planned(
                                        owner,
                                        owner.kind() == GitOpsKind.HELM_RELEASE
                                                ? Lever.HELM_RELEASE_SUSPENDED
                                                : Lever.ARGO_CD_SKIP_RECONCILE,
                                        owner.kind().kind(),
                                        owner.namespace(),
                                        owner.name(),
                                        owner.path(),
                                        null));
                };
                p.workloads.add(workload);
            }
        }
        Map<String, HandOverChange> recorded = new LinkedHashMap<>();
        ledgerCall(() -> ledger.handedOver()).forEach(c -> recorded.put(c.key(), c));
        Map<String, HandOverChange> next = new LinkedHashMap<>(recorded);
        List<HandOverChange> changes = new ArrayList<>();
        List<HandOverChange> toSet = new ArrayList<>();
        Instant now = clock.instant();
        for (Planned p : planned.values()) {
            JsonNode object;
            try {
                object = p.object != null
                        ? p.object
                        : clusters.client(p.owner.site()).get(p.path).orElse(null);
            } catch (DependencyUnavailableException e) {
                notes.add(p.owner.describe() + " could not be read (" + e.getMessage() + "): " + ids(p.workloads)
                        + " not handed over");
                continue;
            }
            if (object == null) {
                notes.add(p.owner.describe() + " (named by the tracking marks of " + ids(p.workloads)
                        + ") was not found: nothing to hand over");
                continue;
            }
            if (p.lever == Lever.ARGO_CD_SKIP_RECONCILE
                    && p.workloads.stream()
                            .allMatch(w ->
                                    GitOpsOwner.ignoresReplicas(object, w.kind().name(), w.namespace(), w.name()))) {
                notes.add(p.owner.describe() + " already ignores /spec/replicas of " + ids(p.workloads)
                        + " (ignoreDifferences with RespectIgnoreDifferences=true): no change");
                continue;
            }
            String current = p.lever.read(object);
            Site objectSite = p.object != null ? site : p.owner.site();
            String key = objectSite.clusterName() + " " + p.path + " " + p.lever;
            HandOverChange before = recorded.get(key);
            if (before == null && p.lever.value().equals(current)) {
                notes.add(p.lever.field() + " is already " + current + " on " + p.kind + " " + p.namespace + "/"
                        + p.name + " (not set by this tool): left as it is, nothing to give back");
                continue;
            }
            Set<String> ids = new LinkedHashSet<>(before == null ? List.of() : before.workloads());
            p.workloads.forEach(w -> ids.add(w.id()));
            HandOverChange change = new HandOverChange(
                    before == null ? execution : before.execution(),
                    before == null ? by : before.by(),
                    target,
                    objectSite.clusterName(),
                    objectSite.region(),
                    p.lever,
                    p.kind,
                    p.namespace,
                    p.name,
                    p.path,
                    p.owner.kind().kind() + " " + p.owner.namespace() + "/" + p.owner.name(),
                    p.owner.path(),
                    List.copyOf(ids),
                    before == null ? current : before.before(),
                    before == null ? now : before.at());
            changes.add(change);
            next.put(key, change);
            if (!p.lever.value().equals(current)) {
                toSet.add(change);
            }
        }
        if (dryRun) {
            return new Sited(changes, notes);
        }
        if (!next.equals(recorded)) {
            ledgerCall(() -> {
                ledger.recordHandedOver(List.copyOf(next.values()));
                return null;
            });
        }
        Parallel.map(toSet, plan.kubernetesConcurrency(), change -> {
            clusters.client(change.site())
                    .mergePatch(change.path(), change.lever().patch(change.value()));
            return change;
        });
        return new Sited(changes, notes);
    }

    /** The step's one line. */
    static String summary(HandOverOutcome outcome, List<HandOverChange> changes, List<String> notes) {
        StringBuilder text = new StringBuilder();
        switch (outcome) {
            case DRY_RUN ->
                text.append(
                        changes.isEmpty()
                                ? "dry run: would hand nothing over from GitOps"
                                : "dry run: would hand over from GitOps: " + describe(changes));
            case NONE_NEEDED -> text.append("no GitOps controller to hand over from");
            case HANDED_OVER -> text.append("handed over from GitOps: ").append(describe(changes));
            case DISABLED -> text.append("hand-over disabled by the plan");
        }
        if (changes.stream().anyMatch(c -> c.lever() == Lever.ARGO_CD_SKIP_RECONCILE)) {
            text.append(" (").append(ARGO_CD_ALPHA).append(")");
        }
        if (!notes.isEmpty()) {
            text.append("; ").append(String.join("; ", notes));
        }
        return text.toString();
    }

    static String describe(List<HandOverChange> changes) {
        return String.join(
                "; ",
                changes.stream()
                        .map(c -> c.describe() + " for " + String.join(", ", c.workloads()))
                        .toList());
    }

    static String workloadPath(Workload workload) {
        return "/apis/apps/v1/namespaces/" + workload.namespace() + "/"
                + workload.kind().resource() + "/" + workload.name();
    }

    private static String ids(List<Workload> workloads) {
        return String.join(", ", workloads.stream().map(Workload::id).toList());
    }

    /** One object whose lever is to be set, with the plan workloads it hands over. */
    private static final class Planned {
        final GitOpsOwner owner;
        final Lever lever;
        final String kind;
        final String namespace;
        final String name;
        final String path;
        /** The workload itself (already read) for the Flux annotation; null for an owner object. */
        final JsonNode object;

        final List<Workload> workloads = new ArrayList<>();

        Planned(
                GitOpsOwner owner,
                Lever lever,
                String kind,
                String namespace,
                String name,
                String path,
                JsonNode object) {
            this.owner = owner;
            this.lever = lever;
            this.kind = kind;
            this.namespace = namespace;
            this.name = name;
            this.path = path;
            this.object = object;
        }
    }
}
