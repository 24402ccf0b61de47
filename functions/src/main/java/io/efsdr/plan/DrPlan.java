package io.efsdr.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * Everything about one protected application: its two sites, the StorageClass, the workloads,
 * the recovery point objective, the bounds of each waiting step and of the Kubernetes calls
 * (in flight; per second while scaling, 0 meaning unlimited), and how traffic is switched (null:
 * not at all). Built only by
 * {@link PlanValidator}, so a {@code DrPlan} in hand is a valid one.
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
        TrafficPlan traffic) {

    /** A plan without a traffic switch. */
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
                null);
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
                traffic);
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
                switched);
    }
}
