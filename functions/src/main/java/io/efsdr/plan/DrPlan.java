package io.efsdr.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * Everything about one protected application: its two sites, the StorageClass, the workloads,
 * the recovery point objective, the bounds of each waiting step and of the Kubernetes calls
 * (in flight; per second while scaling, 0 meaning unlimited), the hooks it calls at named points,
 * how traffic is switched (null: not at all) and what a graceful failover does when its final sync
 * leaves the data-loss window unproven. Built only by {@link PlanValidator}, so a
 * {@code DrPlan} in hand is a valid one.
 */
@JsonDeserialize(using = PlanDeserializer.class)
public record DrPlan(
        String application,
        Site primary,
        Site dr,
        StorageClassSpec storageClass,
        WorkloadSet workloads,
        long rpoSeconds,
        Timeouts timeouts,
        int kubernetesConcurrency,
        int kubernetesRateLimit,
        List<Hook> hooks,
        TrafficPlan traffic,
        UnprovenSync onUnprovenSync,
        GitOpsPlan gitops) {

    public DrPlan {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        onUnprovenSync = onUnprovenSync == null ? UnprovenSync.APPROVAL : onUnprovenSync;
        gitops = gitops == null ? GitOpsPlan.DEFAULT : gitops;
    }

    /** A plan with the default GitOps hand-over. */
    public DrPlan(
            String application,
            Site primary,
            Site dr,
            StorageClassSpec storageClass,
            WorkloadSet workloads,
            long rpoSeconds,
            Timeouts timeouts,
            int kubernetesConcurrency,
            int kubernetesRateLimit,
            List<Hook> hooks,
            TrafficPlan traffic,
            UnprovenSync onUnprovenSync) {
        this(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                hooks,
                traffic,
                onUnprovenSync,
                GitOpsPlan.DEFAULT);
    }

    /** A plan whose unproven final sync asks a person (the default). */
    public DrPlan(
            String application,
            Site primary,
            Site dr,
            StorageClassSpec storageClass,
            WorkloadSet workloads,
            long rpoSeconds,
            Timeouts timeouts,
            int kubernetesConcurrency,
            int kubernetesRateLimit,
            List<Hook> hooks,
            TrafficPlan traffic) {
        this(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                hooks,
                traffic,
                UnprovenSync.APPROVAL,
                GitOpsPlan.DEFAULT);
    }

    /** A plan without hooks or a traffic switch. */
    public DrPlan(
            String application,
            Site primary,
            Site dr,
            StorageClassSpec storageClass,
            WorkloadSet workloads,
            long rpoSeconds,
            Timeouts timeouts,
            int kubernetesConcurrency,
            int kubernetesRateLimit) {
        this(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                List.of(),
                null);
    }

    /** The hooks the plan gives {@code point}, in plan order. */
    public List<Hook> hooksAt(HookPoint point) {
        return hooks.stream().filter(h -> h.at() == point).toList();
    }

    /** The site a step acts on. */
    public Site site(Target target) {
        return target == Target.PRIMARY ? primary : dr;
    }

    /** A copy whose workload set is the given resolved list. */
    public DrPlan withWorkloads(List<Workload> resolved) {
        return new DrPlan(
                application,
                primary,
                dr,
                storageClass,
                WorkloadSet.resolved(resolved),
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                hooks,
                traffic,
                onUnprovenSync,
                gitops);
    }

    /** A copy with the given GitOps settings. */
    public DrPlan withGitOps(GitOpsPlan settings) {
        return new DrPlan(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                hooks,
                traffic,
                onUnprovenSync,
                settings);
    }

    /** A copy with the given traffic switch (null: none). */
    public DrPlan withTraffic(TrafficPlan switched) {
        return new DrPlan(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpoSeconds,
                timeouts,
                kubernetesConcurrency,
                kubernetesRateLimit,
                hooks,
                switched,
                onUnprovenSync,
                gitops);
    }
}
