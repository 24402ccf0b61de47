package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import io.efsdr.error.UnsafeStateException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fixes the workloads a run acts on, and finds them again in later steps. A selector is resolved
 * in the DR cluster (the cluster that must survive; nothing is read from the primary region). A
 * run of at most {@value #MAX_CARRIED} workloads carries them in the state; a larger one would not
 * fit a Step Functions state (262,144 bytes), so the state carries the stored plan's items and
 * selector and the run carries a {@link WorkloadScope}, and every step that acts on workloads
 * resolves the selector again and refuses to act when it no longer finds the same set.
 */
public final class WorkloadResolution {
    /** The most workloads a run carries in its state (about 100 bytes each). */
    public static final int MAX_CARRIED = 100;

    private final WorkloadLister lister;

    public WorkloadResolution(WorkloadLister lister) {
        this.lister = lister;
    }

    /**
     * The plan as the state carries it, the run's scope (null when the plan carries the list), how
     * many waves the run's workloads fall into, and the plan's workloads the input's names leave out.
     */
    public record Fixed(DrPlan plan, WorkloadScope scope, int waves, List<Workload> leftOut) {}

    /** Resolves the plan, narrows it to the input's names, and decides what the state carries. */
    public Fixed fix(DrPlan plan, List<String> names) {
        List<Workload> all = resolveAll(plan);
        List<Workload> selected = ExecutionInputParser.select(all, names);
        Set<String> chosen = new HashSet<>();
        selected.forEach(w -> chosen.add(w.id()));
        List<Workload> leftOut =
                all.stream().filter(w -> !chosen.contains(w.id())).toList();
        int waves = Waves.count(selected);
        if (plan.workloads().selector() == null || selected.size() <= MAX_CARRIED) {
            return new Fixed(plan.withWorkloads(selected), null, waves, leftOut);
        }
        return new Fixed(plan, WorkloadScope.of(names, selected), waves, leftOut);
    }

    /**
     * The plan with the run's workloads in {@code items}. A plan that still has a selector is
     * resolved again in the DR cluster and narrowed to the run's names; when the run has a scope,
     * the set found must be the one Validate Plan fixed, or the step fails with
     * {@link UnsafeStateException} rather than act on other workloads.
     */
    public DrPlan resolve(DrPlan plan, RunContext run) {
        if (plan.workloads().selector() == null) {
            return plan;
        }
        WorkloadScope scope = run == null ? null : run.workloads();
        List<Workload> all = resolveAll(plan);
        List<Workload> selected;
        try {
            selected = ExecutionInputParser.select(all, scope == null ? List.of() : scope.names());
        } catch (InvalidInputException e) {
            throw changed(plan, scope, all.size(), e.getMessage());
        }
        if (scope != null && !scope.matches(selected)) {
            throw changed(plan, scope, selected.size(), null);
        }
        return plan.withWorkloads(selected);
    }

    /**
     * The plan's explicit items followed by what its selector finds in the DR cluster, without
     * duplicates; a selector that finds nothing at all, or more than {@value PlanValidator#MAX_WORKLOADS}
     * workloads in all, is a plan error.
     */
    public List<Workload> resolveAll(DrPlan plan) {
        List<Workload> all = new ArrayList<>(plan.workloads().items());
        WorkloadSelector selector = plan.workloads().selector();
        if (selector == null) {
            return all;
        }
        Set<String> ids = new HashSet<>();
        all.forEach(w -> ids.add(w.id()));
        for (Workload found : lister.list(plan.dr(), selector)) {
            if (ids.add(found.id())) {
                all.add(found);
            }
        }
        if (all.isEmpty()) {
            throw new InvalidInputException(
                    "plan.workloads.selector: matched no Deployment or StatefulSet in namespaces "
                            + selector.namespaces() + " with labels " + selector.labelSelector() + " in cluster "
                            + plan.dr().clusterName());
        }
        if (all.size() > PlanValidator.MAX_WORKLOADS) {
            throw new InvalidInputException(
                    "plan.workloads: names " + all.size() + " workloads (items and selector together) in cluster "
                            + plan.dr().clusterName() + "; at most " + PlanValidator.MAX_WORKLOADS + " are supported");
        }
        return all;
    }

    private static UnsafeStateException changed(DrPlan plan, WorkloadScope scope, int foundNow, String detail) {
        String then = scope == null ? "" : " (" + scope.count() + " when the run was validated, " + foundNow + " now)";
        return new UnsafeStateException("the workloads the plan selects in cluster "
                + plan.dr().clusterName()
                + " changed since Validate Plan" + then + (detail == null ? "" : ": " + detail)
                + "; a workload was added, removed or relabelled, or its " + WorkloadSelector.ACTIVE_ANNOTATION + "/"
                + WorkloadSelector.STANDBY_ANNOTATION + "/" + WorkloadSelector.WAVE_ANNOTATION
                + " annotations changed. The run acts only on the workloads it validated:"
                + " restore them and redrive, or start a new execution");
    }
}
