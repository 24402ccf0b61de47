package io.efsdr.readiness;

import static io.efsdr.readiness.ReadinessChecks.ACTIVE_REGION;
import static io.efsdr.readiness.ReadinessChecks.DR_WORKLOADS;

import io.efsdr.kubernetes.NewClaim;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.kubernetes.WorkloadVolumes;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Site;
import io.efsdr.plan.StandbyHold;
import io.efsdr.plan.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts of the dr-workloads and active-region checks from what {@link ReadinessChecks} read:
 * workloads off their standby replicas, claims newer than the last sync, controllers that scale
 * workloads back, a missing hand-over policy, writers in the inactive region. Pure: no calls.
 */
final class WorkloadFindings {
    private static final int MAX_LISTED = 5;

    private WorkloadFindings() {}

    /**
     * Adds the clusters whose Flux-managed plan workloads lack the hand-over's admission policy to the
     * dr-workloads result: at least WARN, naming what to apply.
     */
    static CheckResult withHandoverPolicy(CheckResult result, List<String> missing) {
        if (missing.isEmpty()) {
            return result;
        }
        String detail = "Flux applies plan workloads, and the GitOps hand-over's admission policy is not in force: "
                + String.join("; ", missing)
                + ". Apply kubernetes/handover-policy.yaml there (kubectl apply -f kubernetes/handover-policy.yaml,"
                + " Kubernetes 1.30 or later): without it the orchestrator's patch right on deployments and"
                + " statefulsets (kubernetes/rbac.yaml) is not narrowed to spec.replicas and the annotation"
                + " kustomize.toolkit.fluxcd.io/reconcile";
        return new CheckResult(
                DR_WORKLOADS,
                result.status().worst(CheckStatus.WARN),
                result.status() == CheckStatus.OK ? detail : result.detail() + ". " + detail);
    }

    /**
     * Adds the controllers that can scale a workload back (after fencing, the failback quiesce or
     * "return DR to standby", which then fail naming them) to the dr-workloads result: at least WARN.
     */
    static CheckResult withControllers(CheckResult result, List<String> scaledBack) {
        if (scaledBack.isEmpty()) {
            return result;
        }
        String detail = scaledBack.size()
                + " workload(s) have a controller that can scale them back after the orchestrator "
                + "stops them: "
                + String.join("; ", scaledBack.stream().limit(MAX_LISTED).toList())
                + (scaledBack.size() > MAX_LISTED ? "; and " + (scaledBack.size() - MAX_LISTED) + " more" : "");
        return new CheckResult(
                DR_WORKLOADS,
                result.status().worst(CheckStatus.WARN),
                result.status() == CheckStatus.OK ? detail : result.detail() + ". " + detail);
    }

    /**
     * FAIL when a workload is off its standby replicas or a claim cannot be provisioned; else WARN
     * when claims were created after {@code lastSync} (the last completed sync into DR: their data is
     * not in DR yet), naming each with its age; else OK.
     */
    static CheckResult drWorkloads(
            DrPlan plan, List<Workload> workloads, List<WorkloadVolumes> found, Instant lastSync, Instant now) {
        return drWorkloads(plan, workloads, found, lastSync, now, false);
    }

    /**
     * As {@link #drWorkloads(DrPlan, List, List, Instant, Instant)}; with {@code
     * writableWithoutReplication} (the DR file system is writable and nothing replicates into it) a
     * warm-standby workload belongs at 0, as the failback's return to standby holds it ({@link
     * StandbyHold}): at 0 it is reported held (WARN), running it FAILs (two regions can write).
     */
    static CheckResult drWorkloads(
            DrPlan plan,
            List<Workload> workloads,
            List<WorkloadVolumes> found,
            Instant lastSync,
            Instant now,
            boolean writableWithoutReplication) {
        List<String> problems = new ArrayList<>();
        List<String> held = new ArrayList<>();
        int claims = 0;
        for (WorkloadVolumes volumes : found) {
            Workload workload = volumes.workload();
            claims += volumes.claims();
            boolean hold = writableWithoutReplication && workload.standbyReplicas() > 0;
            if (hold && volumes.replicas() != null && volumes.replicas() == 0) {
                held.add(workload.id() + " held at 0 instead of standby " + workload.standbyReplicas() + ": "
                        + StandbyHold.REASON);
            } else if (hold && volumes.replicas() != null) {
                problems.add(workload.id() + ": runs " + volumes.replicas() + " replicas on "
                        + plan.dr().fileSystemId() + ", writable without replication: two regions can write;"
                        + " hold it at 0 until DR is protected again");
            } else if (volumes.replicas() != null && volumes.replicas() != workload.standbyReplicas()) {
                problems.add(workload.id() + ": runs " + volumes.replicas() + " replicas, its standby is "
                        + workload.standbyReplicas());
            }
            problems.addAll(volumes.violations());
        }
        List<NewClaim> newClaims = VolumePreflight.newClaims(found, lastSync, now);
        String noData = newClaims.isEmpty()
                ? ""
                : newClaims.size() + " claim(s) in " + plan.dr().clusterName() + " created after the last sync ("
                        + lastSync + ") have no data in DR yet: " + VolumePreflight.describe(newClaims, MAX_LISTED);
        if (!problems.isEmpty()) {
            return CheckResult.fail(
                    DR_WORKLOADS,
                    problems.size() + " problem(s) in " + plan.dr().clusterName() + ": "
                            + String.join(
                                    "; ", problems.stream().limit(MAX_LISTED).toList())
                            + (problems.size() > MAX_LISTED ? "; and " + (problems.size() - MAX_LISTED) + " more" : "")
                            + (noData.isEmpty() ? "" : ". " + noData));
        }
        if (!held.isEmpty()) {
            return CheckResult.warn(
                    DR_WORKLOADS,
                    held.size() + " workload(s) in " + plan.dr().clusterName() + " held at 0 while DR is unprotected: "
                            + String.join("; ", held.stream().limit(MAX_LISTED).toList())
                            + (held.size() > MAX_LISTED ? "; and " + (held.size() - MAX_LISTED) + " more" : "")
                            + (noData.isEmpty() ? "" : ". " + noData));
        }
        if (!newClaims.isEmpty()) {
            return CheckResult.warn(
                    DR_WORKLOADS,
                    noData + " (the " + workloads.size() + " workloads are at their standby replicas; " + "their "
                            + claims + " volume claims can be provisioned)");
        }
        return CheckResult.ok(
                DR_WORKLOADS,
                "all " + workloads.size() + " workloads are in " + plan.dr().clusterName()
                        + " at their standby replicas; their " + claims + " volume claims can be provisioned");
    }

    /**
     * Both file systems are writable. Workloads scaled above zero in the region that is not active
     * write to their own file system while the active one does too: a split brain, FAIL with its own
     * alert. Without any (or when that cluster cannot be read) the pair is only not replicating:
     * WARN.
     *
     * @param otherWorkloads the plan's workloads as the inactive region's cluster has them; null
     *     when it could not be read
     */
    static CheckResult bothWritable(String source, Site active, Site other, List<WorkloadVolumes> otherWorkloads) {
        String both = source + "; its file system " + active.fileSystemId() + " is writable, but so is "
                + other.fileSystemId() + " in " + other.region();
        List<String> writers = otherWorkloads == null
                ? List.of()
                : otherWorkloads.stream()
                        .filter(v -> v.replicas() != null && v.replicas() > 0)
                        .map(v -> v.workload().id() + " (" + v.replicas() + " replicas)")
                        .toList();
        if (!writers.isEmpty()) {
            String alert = "writers in the inactive region " + other.region() + " (" + active.region() + " is active)";
            return CheckResult.alert(
                    ACTIVE_REGION,
                    alert,
                    both + ", and " + writers.size() + " workload(s) run in "
                            + other.clusterName() + ": "
                            + String.join(
                                    ", ", writers.stream().limit(MAX_LISTED).toList())
                            + (writers.size() > MAX_LISTED ? " and " + (writers.size() - MAX_LISTED) + " more" : "")
                            + ": both regions accept writes (split brain); what they write in " + other.region()
                            + " is not in "
                            + active.fileSystemId());
        }
        return CheckResult.warn(
                ACTIVE_REGION,
                both + ": the pair is not replicating"
                        + (otherWorkloads == null
                                ? " (" + other.clusterName() + " could not be read to look for writers)"
                                : "; no plan workload runs in " + other.clusterName()));
    }
}
