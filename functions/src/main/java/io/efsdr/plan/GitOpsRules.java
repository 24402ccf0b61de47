package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.CLUSTER_NAME;
import static io.efsdr.plan.PlanFields.KNOWN_REGIONS;
import static io.efsdr.plan.PlanFields.describe;
import static io.efsdr.plan.PlanFields.requiredText;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;
import static io.efsdr.plan.PlanValidator.DNS_LABEL;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * The GitOps settings and what a failover does with an unproven final sync. Part of {@link
 * PlanValidator}: every problem is named by its field path.
 */
final class GitOpsRules {
    private GitOpsRules() {}

    /**
     * The GitOps settings: {@code handover} (a boolean, default true) and {@code argocd} (where the
     * Argo CD Applications live: {@code clusterName} and {@code region} of a management cluster,
     * both or neither, and {@code namespace}, default {@code argocd}). Absent or null: the defaults.
     */
    static GitOpsPlan gitops(JsonNode node, Problems problems) {
        String path = "plan.gitops";
        if (node == null || node.isNull()) {
            return GitOpsPlan.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + describe(node));
            return GitOpsPlan.DEFAULT;
        }
        unknownFields(node, path, Set.of("handover", "argocd"), problems);
        boolean handover = true;
        JsonNode value = node.get("handover");
        if (value != null && !value.isNull()) {
            if (value.isBoolean()) {
                handover = value.asBoolean();
            } else {
                problems.add(path + ".handover", "must be true or false, not " + describe(value));
            }
        }
        GitOpsPlan.ArgoCd argocd = null;
        JsonNode argo = node.get("argocd");
        String at = path + ".argocd";
        if (argo != null && !argo.isNull()) {
            if (!argo.isObject()) {
                problems.add(at, "must be an object, not " + describe(argo));
            } else {
                unknownFields(argo, at, Set.of("clusterName", "region", "namespace"), problems);
                String cluster = null;
                String region = null;
                if (argo.hasNonNull("clusterName") || argo.hasNonNull("region")) {
                    cluster = text(
                            argo,
                            "clusterName",
                            at + ".clusterName",
                            problems,
                            CLUSTER_NAME,
                            "an EKS cluster name (letters, digits, '-' and '_', at most 100)");
                    region = requiredText(argo, "region", at + ".region", problems);
                    if (region != null && !KNOWN_REGIONS.contains(region)) {
                        problems.add(at + ".region", "'" + region + "' is not an AWS region this build knows");
                    }
                }
                String namespace = GitOpsPlan.DEFAULT_ARGO_CD_NAMESPACE;
                if (argo.hasNonNull("namespace")) {
                    namespace = text(
                            argo,
                            "namespace",
                            at + ".namespace",
                            problems,
                            DNS_LABEL,
                            "a Kubernetes namespace name (a DNS label such as 'argocd')");
                }
                argocd = new GitOpsPlan.ArgoCd(cluster, region, namespace);
            }
        }
        return new GitOpsPlan(handover, argocd);
    }

    /** {@code approval} (the default), {@code promote} or {@code abort}; see {@link UnprovenSync}. */
    static UnprovenSync onUnprovenSync(JsonNode node, Problems problems) {
        String path = "plan.onUnprovenSync";
        if (node == null || node.isNull()) {
            return UnprovenSync.APPROVAL;
        }
        Optional<UnprovenSync> option = node.isTextual() ? UnprovenSync.of(node.asText()) : Optional.empty();
        if (option.isEmpty()) {
            problems.add(path, "must be 'approval', 'promote' or 'abort', not " + describe(node));
            return UnprovenSync.APPROVAL;
        }
        return option.get();
    }
}
