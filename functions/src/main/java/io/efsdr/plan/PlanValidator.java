package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.longValue;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the plan document into a {@link DrPlan}, or rejects it with every problem named by its
 * field path. Nothing is called and nothing is changed here: validation happens before any step
 * acts.
 */
public final class PlanValidator {
    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final int MAX_REPLICAS = 1000;
    static final int MAX_WORKLOADS = 5000;
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    static final int MAX_HOOKS = 20;
    static final long MAX_HOOK_SECONDS = 100;
    public static final long MAX_HOOK_SECONDS_PER_POINT = 100;

    private static final Set<String> PLAN_FIELDS = Set.of(
            "application",
            "primary",
            "dr",
            "storageClass",
            "workloads",
            "rpoSeconds",
            "timeouts",
            "kubernetesConcurrency",
            "kubernetesRateLimit",
            "hooks",
            "traffic",
            "onUnprovenSync",
            "gitops");
    static final int MAX_CLUSTER_ENDPOINTS = 10;
    static final long MAX_TTL_SECONDS = 86_400;

    /** Parses and validates plan JSON text. */
    public DrPlan parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("plan: the document is empty");
        }
        if (json.length() > MAX_DOCUMENT_BYTES) {
            throw new InvalidInputException("plan: the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try {
            return validate(Json.STRICT.readTree(json));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "plan: not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
    }

    /** Validates a plan tree; every problem is reported at once. */
    public DrPlan validate(JsonNode root) {
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("plan: must be a JSON object");
        }
        unknownFields(root, "plan", PLAN_FIELDS, problems);
        String application =
                text(root, "application", "plan.application", problems, DNS_LABEL, "a DNS label such as 'shop'");
        Site primary = SiteRules.site(root.get("primary"), "plan.primary", problems);
        Site dr = SiteRules.site(root.get("dr"), "plan.dr", problems);
        if (primary != null && dr != null) {
            if (primary.region() != null && primary.region().equals(dr.region())) {
                problems.add("plan.dr.region", "must differ from plan.primary.region (both are " + dr.region() + ")");
            }
            if (primary.fileSystemId() != null && primary.fileSystemId().equals(dr.fileSystemId())) {
                problems.add("plan.dr.fileSystemId", "must differ from plan.primary.fileSystemId");
            }
        }
        StorageClassSpec storageClass = SiteRules.storageClass(root.get("storageClass"), problems);
        WorkloadSet workloads = WorkloadRules.workloads(root.get("workloads"), problems);
        long rpo = longValue(root, "rpoSeconds", "plan.rpoSeconds", 900, 1, 7 * 24 * 3600, problems);
        Timeouts timeouts = TimeoutRules.timeouts(root.get("timeouts"), problems);
        int concurrency =
                (int) longValue(root, "kubernetesConcurrency", "plan.kubernetesConcurrency", 10, 1, 100, problems);
        int rateLimit =
                (int) longValue(root, "kubernetesRateLimit", "plan.kubernetesRateLimit", 0, 0, 10_000, problems);
        List<Hook> hooks = HookRules.hooks(root.get("hooks"), problems);
        TrafficPlan traffic = TrafficRules.traffic(root.get("traffic"), primary, dr, problems);
        UnprovenSync onUnprovenSync = GitOpsRules.onUnprovenSync(root.get("onUnprovenSync"), problems);
        GitOpsPlan gitops = GitOpsRules.gitops(root.get("gitops"), problems);
        problems.throwIfAny("plan");
        return new DrPlan(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpo,
                timeouts,
                concurrency,
                rateLimit,
                hooks,
                traffic,
                onUnprovenSync,
                gitops);
    }

    /** What a value is, for a problem's message: "the string \"x\"", "a list". */
    static String describe(JsonNode value) {
        return PlanFields.describe(value);
    }
}
