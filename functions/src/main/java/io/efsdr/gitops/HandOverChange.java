package io.efsdr.gitops;

import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import java.time.Instant;
import java.util.List;

/**
 * One lever a run set to hand workloads over from their GitOps controller: what, where and the value
 * before, so that the give-back restores exactly it. Kept in the run's state and, so that it outlives
 * the run (the failback needs it), in the fence record ({@link HandOverLedger}).
 *
 * @param execution the execution (or {@code split-brain-guard}) that set it
 * @param by which step set it
 * @param target whose workloads it hands over: the primary's or DR's
 * @param clusterName the cluster the object lives in (the workloads', or Argo CD's management cluster)
 * @param region that cluster's region
 * @param lever the lever set
 * @param kind the object's kind ({@code Deployment}, {@code StatefulSet}, {@code HelmRelease},
 *     {@code Application})
 * @param namespace the object's namespace
 * @param name the object's name
 * @param path the object's REST path
 * @param owner the controller's object whose sync is verified at give-back ({@code
 *     Kustomization flux-system/apps}), as {@code Kind namespace/name}
 * @param ownerPath that object's REST path
 * @param workloads the plan workloads (ids) it hands over
 * @param before the lever's value before the hand-over; null when the field was absent
 * @param at when it was recorded
 */
public record HandOverChange(
        String execution,
        Taker by,
        Target target,
        String clusterName,
        String region,
        Lever lever,
        String kind,
        String namespace,
        String name,
        String path,
        String owner,
        String ownerPath,
        List<String> workloads,
        String before,
        Instant at) {

    /** The step that set a lever. */
    public enum Taker {
        FAILOVER,
        FAILBACK,
        GUARD
    }

    public HandOverChange {
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
    }

    /** The value the hand-over set. */
    public String value() {
        return lever.value();
    }

    /** The cluster the object lives in. */
    public Site site() {
        return new Site(region, clusterName, null);
    }

    /** One lever on one object: two records with the same key are the same change. */
    public String key() {
        return clusterName + " " + path + " " + lever;
    }

    /** {@code field=value on Kind namespace/name in cluster}, for reports. */
    public String describe() {
        return lever.field() + "=" + value() + " on " + kind + " " + namespace + "/" + name + " in " + clusterName
                + " (before: " + (before == null ? "absent" : before) + ")";
    }

    /** The change a person makes in Git so that Git says what the hand-over keeps. */
    public String gitChange(String activeRegion) {
        return switch (lever) {
            case FLUX_RECONCILE_DISABLED, HELM_RELEASE_SUSPENDED ->
                "in the Git source of " + owner + " (" + clusterName + "), set the replicas of "
                        + String.join(", ", workloads) + " to what " + activeRegion + " runs now"
                        + (target == Target.PRIMARY ? " (0 while DR serves)" : " (their active replicas)");
            case ARGO_CD_SKIP_RECONCILE ->
                "in the Git source of Argo CD Application " + namespace + "/" + name + " (" + clusterName
                        + "), set the replicas of " + String.join(", ", workloads)
                        + (target == Target.PRIMARY ? " to 0 while DR serves" : " to their active replicas")
                        + ", or add ignoreDifferences [/spec/replicas] with RespectIgnoreDifferences=true";
        };
    }
}
