package io.efsdr.sandbox;

import static io.efsdr.sandbox.GitOpsSpecs.*;
import static io.efsdr.sandbox.Scenario.*;
import static io.efsdr.sandbox.ScenarioFields.*;
import static io.efsdr.sandbox.ScenarioSpecs.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a scenario file into a {@link Scenario}: every top-level field with its pessimistic default,
 * validated strictly (an unknown field or a bad value is refused naming it); the nested specs are
 * read by {@link ScenarioSpecs} and {@link GitOpsSpecs}, the single fields by {@link
 * ScenarioFields}.
 */
final class ScenarioParser {
    private ScenarioParser() {}

    /** Parses a scenario tree; {@code workloadCount} (the drill's --workloads) overrides the file. */
    static Scenario parse(JsonNode node, Integer workloadCount) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("scenario: must be a JSON object");
        }
        List<String> known = List.of(
                "primary",
                "dr",
                "replicationLagSeconds",
                "promotionDelaySeconds",
                "readinessDelaySeconds",
                "primaryReachable",
                "workloads",
                "workloadCount",
                "storageClassPresent",
                "storageClassParameters",
                "faults",
                "dryRun",
                "activeSide",
                "accessPointCount",
                "deniedVerbs",
                "replicationStatus",
                "activeRegionRecord",
                "timeoutHoldSeconds",
                "description",
                "terminationGraceSeconds",
                "deleteHangsWhileSourceDown",
                "sideDeletionSkewSeconds",
                "storageClassMountOptions",
                "plan",
                "primaryReturnsAfterSeconds",
                "observeSeconds",
                "hookFunctions",
                "traffic",
                "routingControlEndpointsDown",
                "syncIntervalSeconds",
                "syncJitterSeconds",
                "syncJitterSeed",
                "approvals",
                "policyPropagationSeconds",
                "unplannedWriters",
                "routingControlSafetyRules",
                "routingControlEndpointsHanging",
                "route53RecordSet",
                "controllers",
                "metricDelaySeconds",
                "crashes",
                "redrive",
                "primaryLostAfterSeconds",
                // ---- issue 22
                "gitopsObjects",
                "management",
                "handoverPolicy");
        requireKnown(node, "scenario", known.toArray(String[]::new));
        SiteSpec primary = site(node.get("primary"), DEFAULT_PRIMARY, "scenario.primary");
        SiteSpec dr = site(node.get("dr"), DEFAULT_DR, "scenario.dr");
        List<WorkloadSpec> workloads = new ArrayList<>();
        Integer count = workloadCount != null
                ? workloadCount
                : node.has("workloadCount") ? node.get("workloadCount").asInt() : null;
        if (count == null && node.has("workloads")) {
            int i = 0;
            for (JsonNode w : list(node, "workloads", "scenario.workloads")) {
                String path = "scenario.workloads[" + i++ + "]";
                requireKnown(
                        w,
                        path,
                        "namespace",
                        "kind",
                        "name",
                        "activeReplicas",
                        "standbyReplicas",
                        "claimCreatedSecondsAgo",
                        "labels",
                        "annotations",
                        "hpaMinReplicas",
                        "wave",
                        "endedPods");
                workloads.add(new WorkloadSpec(
                        text(w, "namespace", "shop", path),
                        text(w, "kind", "Deployment", path),
                        text(w, "name", "", path),
                        whole(w, "activeReplicas", 1, 0, path),
                        whole(w, "standbyReplicas", 0, 0, path),
                        nonNegative(w, "claimCreatedSecondsAgo", DAY_SECONDS, path + ".claimCreatedSecondsAgo"),
                        strings(w.get("labels"), path + ".labels"),
                        strings(w.get("annotations"), path + ".annotations"),
                        (int) nonNegative(w, "hpaMinReplicas", 0, path + ".hpaMinReplicas"),
                        whole(w, "wave", null, Integer.MIN_VALUE, path),
                        endedPods(w.get("endedPods"), path + ".endedPods")));
            }
        } else {
            workloads.addAll(generated(count == null ? 3 : count));
        }
        Map<String, String> parameters = null;
        if (node.hasNonNull("storageClassParameters")) {
            parameters = new LinkedHashMap<>();
            Map<String, String> target = parameters;
            node.get("storageClassParameters")
                    .fields()
                    .forEachRemaining(e -> target.put(e.getKey(), e.getValue().asText()));
        }
        List<FaultSpec> faults = new ArrayList<>();
        int index = 0;
        for (JsonNode f : list(node, "faults", "scenario.faults")) {
            String path = "scenario.faults[" + index++ + "]";
            requireKnown(f, path, "service", "operation", "error", "times", "region", "every", "runs");
            try {
                FaultKind.parse(text(f, "error", "", path));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ".error: " + e.getMessage(), e);
            }
            if (text(f, "service", "", path).isEmpty()) {
                throw new IllegalArgumentException(
                        path + ".service: is missing (elasticfilesystem, eks, sns, ssm, states or kubernetes)");
            }
            faults.add(new FaultSpec(
                    text(f, "service", "", path),
                    text(f, "operation", "*", path),
                    text(f, "error", "", path),
                    whole(f, "times", null, 0, path),
                    text(f, "region", null, path),
                    whole(f, "every", null, 1, path),
                    runs(f.get("runs"), path + ".runs")));
        }
        Map<String, Integer> accessPoints = new LinkedHashMap<>();
        JsonNode accessPointCount = node.path("accessPointCount");
        if (accessPointCount.isNumber()) {
            accessPoints.put(primary.fileSystemId(), accessPointCount.asInt());
            accessPoints.put(dr.fileSystemId(), accessPointCount.asInt());
        } else if (accessPointCount.isObject()) {
            accessPointCount
                    .fields()
                    .forEachRemaining(e -> accessPoints.put(
                            e.getKey(), whole(accessPointCount, e.getKey(), 0, 0, "scenario.accessPointCount")));
        } else if (!accessPointCount.isMissingNode() && !accessPointCount.isNull()) {
            throw new IllegalArgumentException(
                    "scenario.accessPointCount: a number (each file system) or {\"fs-...\": n}");
        }
        List<String> denied = new ArrayList<>();
        for (JsonNode d : list(node, "deniedVerbs", "scenario.deniedVerbs")) {
            String[] parts = d.asText().trim().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "scenario.deniedVerbs: each entry is 'verb resource', like 'patch deployments/scale', not '"
                                + d.asText() + "'");
            }
            denied.add(parts[0] + " " + parts[1]);
        }
        if (activeSide(node.path("activeSide").asText("primary")).equals("dr")) {
            // A world "as after a failover" (Sandbox.seed): the failover only ended once no pod of the
            // primary could still write (Check Primary Stopped counts phase Unknown and Terminating
            // pods as writers), so such a pod on the primary contradicts the history.
            for (int i = 0; i < workloads.size(); i++) {
                List<EndedPodSpec> ended = workloads.get(i).endedPods();
                for (int j = 0; j < ended.size(); j++) {
                    EndedPodSpec pod = ended.get(j);
                    boolean mayWrite = pod.phase().equals("Unknown") || pod.terminatingOnNotReadyNode();
                    if (mayWrite && !pod.region().equals("dr")) {
                        throw new IllegalArgumentException("scenario.workloads[" + i + "].endedPods[" + j
                                + "].region: with activeSide dr only \"dr\" for a pod that may still run "
                                + "(phase Unknown or terminatingOnNotReadyNode): the failover that made DR "
                                + "active ended only once no primary pod could write");
                    }
                }
            }
        }
        return new Scenario(
                primary,
                dr,
                node.path("replicationLagSeconds").asLong(60),
                node.path("promotionDelaySeconds").asLong(60),
                node.path("readinessDelaySeconds").asLong(20),
                node.path("primaryReachable").asBoolean(true),
                List.copyOf(workloads),
                node.path("storageClassPresent").asBoolean(true),
                parameters,
                List.copyOf(faults),
                node.path("dryRun").asBoolean(false),
                activeSide(node.path("activeSide").asText("primary")),
                Map.copyOf(accessPoints),
                List.copyOf(denied),
                node.hasNonNull("replicationStatus")
                        ? node.get("replicationStatus").asText()
                        : null,
                node.hasNonNull("activeRegionRecord")
                        ? node.get("activeRegionRecord").asText()
                        : null,
                node.path("timeoutHoldSeconds").asLong(15),
                nonNegative(node, "terminationGraceSeconds", 30, "scenario.terminationGraceSeconds"),
                node.path("deleteHangsWhileSourceDown").asBoolean(false),
                nonNegative(node, "sideDeletionSkewSeconds", 30, "scenario.sideDeletionSkewSeconds"),
                mountOptions(node.path("storageClassMountOptions")),
                planOverrides(node.get("plan")),
                node.hasNonNull("primaryReturnsAfterSeconds")
                        ? nonNegative(node, "primaryReturnsAfterSeconds", 0, "scenario.primaryReturnsAfterSeconds")
                        : null,
                nonNegative(node, "observeSeconds", 0, "scenario.observeSeconds"),
                hookFunctions(node.get("hookFunctions")),
                traffic(node.get("traffic")),
                endpointsDown(node),
                nonNegative(node, "syncIntervalSeconds", 0, "scenario.syncIntervalSeconds"),
                syncJitter(node),
                seed(node.get("syncJitterSeed")),
                approvals(node.get("approvals")),
                nonNegative(node, "policyPropagationSeconds", 180, "scenario.policyPropagationSeconds"),
                unplannedWriters(node.get("unplannedWriters")),
                SafetyRules.parse(node.get("routingControlSafetyRules"), primary.region(), dr.region()),
                endpointsHanging(node),
                route53RecordSet(node.get("route53RecordSet")),
                controllers(node.get("controllers")),
                nonNegative(node, "metricDelaySeconds", 180, "scenario.metricDelaySeconds"),
                crashes(node.get("crashes")),
                bool(node, "redrive", false, "scenario"),
                primaryLost(node),
                gitopsObjects(node.get("gitopsObjects"), workloads),
                management(node.get("management"), node.get("gitopsObjects"), dr),
                bool(node, "handoverPolicy", true, "scenario"));
    }

    /**
     * {@code primaryLostAfterSeconds}: refused beside {@code primaryReachable: false} (the region cannot
     * be lost twice); {@code primaryReturnsAfterSeconds} needs one of them (it counts from the loss).
     */
    static Long primaryLost(JsonNode node) {
        Long lost = node.hasNonNull("primaryLostAfterSeconds")
                ? nonNegative(node, "primaryLostAfterSeconds", 0, "scenario.primaryLostAfterSeconds")
                : null;
        boolean unreachable = !bool(node, "primaryReachable", true, "scenario");
        if (lost != null && unreachable) {
            throw new IllegalArgumentException("scenario.primaryLostAfterSeconds: the primary region is already "
                    + "unreachable from the start (primaryReachable: false); use one of the two");
        }
        if (node.hasNonNull("primaryReturnsAfterSeconds") && lost == null && !unreachable) {
            throw new IllegalArgumentException("scenario.primaryReturnsAfterSeconds: needs the primary region "
                    + "lost first (primaryReachable: false, or primaryLostAfterSeconds)");
        }
        return lost;
    }

    static long syncJitter(JsonNode node) {
        long interval = nonNegative(node, "syncIntervalSeconds", 0, "scenario.syncIntervalSeconds");
        long jitter = nonNegative(node, "syncJitterSeconds", 0, "scenario.syncJitterSeconds");
        if (jitter > 0 && jitter * 2 >= interval) {
            throw new IllegalArgumentException("scenario.syncJitterSeconds: must be less than half of "
                    + "syncIntervalSeconds (" + interval + "), so syncs keep their order, not " + jitter);
        }
        return jitter;
    }

    static long seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("scenario.syncJitterSeed: must be a whole number, not " + node);
        }
        return node.asLong();
    }

    static List<String> approvals(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.approvals: must be a list of " + String.join(", ", APPROVAL_ANSWERS) + ", not " + node);
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode answer = node.get(i);
            if (!answer.isTextual() || !APPROVAL_ANSWERS.contains(answer.asText())) {
                throw new IllegalArgumentException("scenario.approvals[" + i + "]: must be one of "
                        + String.join(", ", APPROVAL_ANSWERS) + ", not " + answer);
            }
            answers.add(answer.asText());
        }
        return List.copyOf(answers);
    }

    static String traffic(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !List.of("routing-control", "route53").contains(node.asText())) {
            throw new IllegalArgumentException(
                    "scenario.traffic: must be \"routing-control\" or \"route53\", not " + node);
        }
        return node.asText();
    }

    static int endpointsDown(JsonNode node) {
        long down = nonNegative(node, "routingControlEndpointsDown", 0, "scenario.routingControlEndpointsDown");
        if (down > ROUTING_CONTROL_REGIONS.size()) {
            throw new IllegalArgumentException("scenario.routingControlEndpointsDown: an ARC cluster has "
                    + ROUTING_CONTROL_REGIONS.size() + " endpoints, not " + down);
        }
        return (int) down;
    }

    static int endpointsHanging(JsonNode node) {
        long hanging =
                nonNegative(node, "routingControlEndpointsHanging", 0, "scenario.routingControlEndpointsHanging");
        if (endpointsDown(node) + hanging > ROUTING_CONTROL_REGIONS.size()) {
            throw new IllegalArgumentException("scenario.routingControlEndpointsHanging: an ARC cluster has "
                    + ROUTING_CONTROL_REGIONS.size() + " endpoints; " + endpointsDown(node) + " down and " + hanging
                    + " hanging are more");
        }
        return (int) hanging;
    }

    static ObjectNode planOverrides(JsonNode node) {
        if (node == null || node.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("scenario.plan: must be an object merged over the generated plan, like "
                    + "{\"timeouts\": {\"promotionSeconds\": 21600}}");
        }
        return ((ObjectNode) node).deepCopy();
    }

    static List<String> mountOptions(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.storageClassMountOptions: must be a list of mount options, like [\"iam\", \"tls\"]");
        }
        List<String> options = new ArrayList<>();
        node.forEach(option -> options.add(option.asText()));
        return List.copyOf(options);
    }

    static String activeSide(String value) {
        if (!value.equals("primary") && !value.equals("dr")) {
            throw new IllegalArgumentException("scenario.activeSide: must be primary or dr, not " + value);
        }
        return value;
    }
}
