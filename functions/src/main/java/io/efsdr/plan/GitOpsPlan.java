package io.efsdr.plan;

/**
 * What the runs do about the GitOps controllers (Argo CD, Flux) that manage the plan's workloads:
 * whether they hand the workloads over from them for the length of a DR ({@code handover}, the
 * default; see {@code io.efsdr.gitops.HandOver}), and where the Argo CD Applications live. Built only
 * by {@link PlanValidator}; the JSON it writes is the plan document's {@code gitops} field.
 *
 * @param handover whether failover and failback stop the controllers from changing the replicas
 *     (and give them back at failback); false: they are only detected and reported
 * @param argocd where the Argo CD Applications live; null: in each workload's own cluster, in the
 *     namespace {@code argocd}
 */
public record GitOpsPlan(boolean handover, ArgoCd argocd) {
    /** Hand over; Argo CD in each workload's own cluster, namespace {@code argocd}. */
    public static final GitOpsPlan DEFAULT = new GitOpsPlan(true, null);

    /** The namespace Argo CD's Applications live in when the plan names none. */
    public static final String DEFAULT_ARGO_CD_NAMESPACE = "argocd";

    /**
     * Where Argo CD's Applications live.
     *
     * @param clusterName the management cluster's EKS name; null: the workload's own cluster
     * @param region the management cluster's region; null with a null {@code clusterName}
     * @param namespace the Applications' namespace ({@code argocd} when the plan names none)
     */
    public record ArgoCd(String clusterName, String region, String namespace) {
        public ArgoCd {
            namespace = namespace == null ? DEFAULT_ARGO_CD_NAMESPACE : namespace;
        }
    }

    /** The cluster an Argo CD Application of a workload in {@code workloadSite} lives in. */
    public Site argoCdSite(Site workloadSite) {
        return argocd == null || argocd.clusterName() == null
                ? workloadSite
                : new Site(argocd.region(), argocd.clusterName(), null);
    }

    /** Whether the Applications live in a management cluster of their own. */
    public boolean argoCdManagementCluster() {
        return argocd != null && argocd.clusterName() != null;
    }

    /** The namespace the Applications live in, unless their tracking id names one. */
    public String argoCdNamespace() {
        return argocd == null ? DEFAULT_ARGO_CD_NAMESPACE : argocd.namespace();
    }
}
