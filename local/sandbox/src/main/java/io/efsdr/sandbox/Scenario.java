package io.efsdr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.sandbox.arc.SafetyRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON description of a two-region world for the sandbox; every field is optional and the
 * defaults make a healthy world (replication ENABLED with a 60 s lag, 3 workloads, primary
 * reachable, DR StorageClass present and right).
 *
 * @param primaryReturnsAfterSeconds with {@code primaryReachable: false}: the sandbox time (seconds
 *     after the world starts) at which the primary region answers again, its pods still running at
 *     their old replicas; with {@code primaryLostAfterSeconds}: seconds after the loss; null: it
 *     stays down
 * @param observeSeconds how long the drill keeps the world running after the workflow ends, firing
 *     the enabled schedule rules' functions as EventBridge would (default 0)
 * @param traffic {@code routing-control} or {@code route53}: the plan gets a traffic switch over the
 *     sandbox's ARC cluster or Route 53 stand-in (the active side's traffic ON at the start); null: none
 * @param routingControlEndpointsDown how many of the ARC cluster's five endpoints refuse connections
 *     (the first ones in the plan's list)
 * @param syncIntervalSeconds above 0: replication syncs start every this many seconds (one as the
 *     world starts), each carrying what was written before its start and completing {@code
 *     replicationLagSeconds} later; 0 (default): the replica trails the source continuously
 * @param syncJitterSeconds each sync start moved by up to this many seconds either way, less than
 *     half the interval (default 0)
 * @param syncJitterSeed the seed the jitter is drawn from, so a world is the same on every run
 *     (default 1)
 * @param approvals the drill's answers to the approval requests, in request order ({@code approve},
 *     {@code reject} or {@code timeout}; a request past the list times out); null: nobody answers
 *     for the drill (a test or an operator may, through DecideApproval), so a request waits out
 *     its (shortened) timeout
 * @param routingControlSafetyRules the ARC control panel's safety rules (assertion and gating rules
 *     in CreateSafetyRule's shape), evaluated by the ARC stand-in on every update
 * @param routingControlEndpointsHanging how many ARC endpoints accept the connection and never
 *     answer (the ones after the endpoints that are down, in the plan's list)
 * @param route53RecordSet with {@code traffic: route53}: how the record the plan switches is seeded
 * @param crashes handler runtimes that die in a state: the next {@code times} invocations in it
 * @param redrive whether the drill redrives a FAILED run once, its faults and crashes cleared
 * @param primaryLostAfterSeconds the primary region (its AWS and Kubernetes endpoints) stops answering
 *     this many sandbox seconds after the world starts; null: it does not (see {@code primaryReachable})
 * @param gitopsObjects the GitOps objects of the world (issue 22), as the scenario lists them (the
 *     ones the sandbox seeds for {@code controllers} are added by {@link #gitOpsObjectsSeeded()})
 * @param management the management cluster (Argo CD's home); null: the world has none
 */
public record Scenario(
        SiteSpec primary,
        SiteSpec dr,
        long replicationLagSeconds,
        long promotionDelaySeconds,
        long readinessDelaySeconds,
        boolean primaryReachable,
        List<WorkloadSpec> workloads,
        boolean storageClassPresent,
        Map<String, String> storageClassParameters,
        List<FaultSpec> faults,
        boolean dryRun,
        String activeSide,
        Map<String, Integer> accessPointCounts,
        List<String> deniedVerbs,
        String replicationStatus,
        String activeRegionRecord,
        long timeoutHoldSeconds,
        long terminationGraceSeconds,
        boolean deleteHangsWhileSourceDown,
        long sideDeletionSkewSeconds,
        List<String> storageClassMountOptions,
        ObjectNode planOverrides,
        Long primaryReturnsAfterSeconds,
        long observeSeconds,
        Map<String, HookFunction> hookFunctions,
        String traffic,
        int routingControlEndpointsDown,
        long syncIntervalSeconds,
        long syncJitterSeconds,
        long syncJitterSeed,
        List<String> approvals,
        long policyPropagationSeconds,
        List<UnplannedWriter> unplannedWriters,
        List<SafetyRule> routingControlSafetyRules,
        int routingControlEndpointsHanging,
        Route53RecordSpec route53RecordSet,
        List<ControllerSpec> controllers,
        long metricDelaySeconds,
        List<CrashSpec> crashes,
        boolean redrive,
        Long primaryLostAfterSeconds,
        List<GitOpsObjectSpec> gitopsObjects,
        ManagementSpec management) {

    /** The answers a scenario may script for an approval request. */
    public static final List<String> APPROVAL_ANSWERS = List.of("approve", "reject", "timeout");

    /**
     * A client of the primary file system that is not in the plan (a CronJob in another namespace,
     * an EC2 instance or a Lambda function that mounts it): it connects at the world's start and
     * every {@code everySeconds} after, and writes for {@code runSeconds} on each connection. Each
     * connection is a new mount, judged by the file system policy in effect then (EFS user guide,
     * "Using IAM to control file system data access"): only the write fence stops it, once propagated.
     */
    public record UnplannedWriter(String name, long everySeconds, long runSeconds) {}

    /**
     * The Route 53 record set of a {@code traffic: route53} world.
     *
     * @param type {@code CNAME} (default), or {@code A}/{@code AAAA} with {@code alias}
     * @param alias an alias record to each region's load balancer (AliasTarget), as an EKS ingress's
     *     load balancer is usually named
     * @param routingPolicy {@code simple} (default): one record set the plan may switch;
     *     {@code weighted} or {@code failover}: one set per region, with SetIdentifier and Weight
     *     (100/0) or Failover (PRIMARY/SECONDARY), which a run must refuse to touch
     */
    public record Route53RecordSpec(String type, boolean alias, String routingPolicy) {
        static final Route53RecordSpec DEFAULT = new Route53RecordSpec("CNAME", false, "simple");
    }

    /**
     * A GitOps controller that puts a workload's replicas back to what Git says (the seeded ones);
     * see the sandbox's {@code GitOpsControllers} for the model and its sources.
     *
     * @param kind {@code argocd} or {@code flux}
     * @param workload {@code <namespace>/<Kind>/<name>} or {@code *} (every workload)
     * @param region {@code primary} or {@code dr}
     * @param revertAfterSeconds the first revert comes this long after a scale it did not make (Flux:
     *     its {@code .spec.interval}, the cadence of every later revert)
     * @param ignoresReplicas an {@code ignoreDifferences} on {@code /spec/replicas}: it never reverts
     * @param tracked whether its tracking label or annotation is on the workload (false: a controller
     *     the orchestrator cannot see)
     * @param cooldownSeconds Argo CD: the self-heal attempt count starts again after this long in sync
     */
    public record ControllerSpec(
            String kind,
            String workload,
            String region,
            long revertAfterSeconds,
            boolean ignoresReplicas,
            boolean tracked,
            long cooldownSeconds) {
        /** Whether it manages {@code w} in {@code side}'s cluster. */
        public boolean manages(WorkloadSpec w, String side) {
            return region.equals(side) && (workload.equals("*") || workload.equals(w.id()));
        }
    }

    /**
     * A Lambda function the plan's hooks may call: it answers ok or fails (an unhandled error), after
     * {@code delaySeconds} of sandbox time; {@code duplicate} runs it twice for each request.
     */
    public record HookFunction(boolean fails, long delaySeconds, boolean duplicate) {}

    /**
     * The handler's runtime dies in the state named {@code state} (a Task state of a workflow) after
     * its handler ran, on its next {@code times} invocations there, counted over the world (every
     * run in it); Step Functions sees {@code Lambda.Unknown}, as for a runtime that exited.
     */
    public record CrashSpec(String state, int times) {}

    public record SiteSpec(String region, String clusterName, String fileSystemId) {}

    /**
     * @param claimCreatedSecondsAgo how long before the world starts the workload's claims were
     *     created (default: a day, long before the last sync)
     */
    /**
     * One workload of the world, seeded in both clusters.
     *
     * @param labels extra labels on the workload in both clusters (a Flux or Argo CD tracking label)
     * @param annotations extra annotations in both clusters (an annotation alone implies no
     *     controller: the scenario's {@code controllers} do)
     * @param hpaMinReplicas above 0: an HPA with that minimum names the workload in both clusters
     *     (served for reading; it scales nothing)
     * @param wave the workload's wave, in the plan's item and as the {@code dr.efsdr.io/wave}
     *     annotation in both clusters; null for none (wave 1)
     * @param endedPods pods of the workload that are not simply running (evicted, completed, on a node
     *     that stopped reporting), seeded beside its running pods in the regions each names
     */
    public record WorkloadSpec(
            String namespace,
            String kind,
            String name,
            int activeReplicas,
            int standbyReplicas,
            long claimCreatedSecondsAgo,
            Map<String, String> labels,
            Map<String, String> annotations,
            int hpaMinReplicas,
            Integer wave,
            List<EndedPodSpec> endedPods) {
        public WorkloadSpec {
            endedPods = endedPods == null ? List.of() : List.copyOf(endedPods);
        }

        public WorkloadSpec(
                String namespace,
                String kind,
                String name,
                int activeReplicas,
                int standbyReplicas,
                long claimCreatedSecondsAgo,
                Map<String, String> labels,
                Map<String, String> annotations,
                int hpaMinReplicas,
                Integer wave) {
            this(
                    namespace,
                    kind,
                    name,
                    activeReplicas,
                    standbyReplicas,
                    claimCreatedSecondsAgo,
                    labels,
                    annotations,
                    hpaMinReplicas,
                    wave,
                    List.of());
        }

        public WorkloadSpec(
                String namespace,
                String kind,
                String name,
                int activeReplicas,
                int standbyReplicas,
                long claimCreatedSecondsAgo,
                Map<String, String> labels,
                Map<String, String> annotations,
                int hpaMinReplicas) {
            this(
                    namespace,
                    kind,
                    name,
                    activeReplicas,
                    standbyReplicas,
                    claimCreatedSecondsAgo,
                    labels,
                    annotations,
                    hpaMinReplicas,
                    null);
        }

        public WorkloadSpec(
                String namespace,
                String kind,
                String name,
                int activeReplicas,
                int standbyReplicas,
                long claimCreatedSecondsAgo) {
            this(namespace, kind, name, activeReplicas, standbyReplicas, claimCreatedSecondsAgo, Map.of(), Map.of(), 0);
        }

        public WorkloadSpec(String namespace, String kind, String name, int activeReplicas, int standbyReplicas) {
            this(namespace, kind, name, activeReplicas, standbyReplicas, DAY_SECONDS);
        }

        public String id() {
            return namespace + "/" + kind + "/" + name;
        }
    }

    /**
     * A pod of a workload that is not simply running (scenario {@code workloads[].endedPods[]}).
     *
     * @param phase {@code Failed} (evicted, node shutdown) or {@code Succeeded}: the pod stays until
     *     deleted and writes nothing; {@code Unknown}: its node stopped reporting, it may still write
     * @param reason its {@code status.reason}; null for none
     * @param terminatingOnNotReadyNode deleted on a NotReady node: Terminating until force-deleted
     * @param region {@code primary}, {@code dr} or {@code both} (default)
     */
    public record EndedPodSpec(String phase, String reason, boolean terminatingOnNotReadyNode, String region) {
        static final List<String> KNOWN = List.of("phase", "reason", "terminatingOnNotReadyNode", "region");
        static final List<String> PHASES = List.of("Failed", "Succeeded", "Unknown");
        static final List<String> REGIONS = List.of("primary", "dr", "both");
    }

    /** An injected fault; {@code times} null means for good, {@code region} null means any. */
    public record FaultSpec(
            String service, String operation, String error, Integer times, String region, Integer every) {
        public FaultSpec(String service, String operation, String error, Integer times, String region) {
            this(service, operation, error, times, region, null);
        }
    }

    static final long DAY_SECONDS = 86_400;
    static final SiteSpec DEFAULT_PRIMARY = new SiteSpec("us-east-1", "shop-primary", "fs-0123456789abcdef0");
    static final SiteSpec DEFAULT_DR = new SiteSpec("us-west-2", "shop-dr", "fs-0fedcba9876543210");

    public static Scenario defaults() {
        return parse(Json.MAPPER.createObjectNode(), null);
    }

    /** Parses a scenario tree; {@code workloadCount} (the drill's --workloads) overrides the file. */
    public static Scenario parse(JsonNode node, Integer workloadCount) {
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
                "management");
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
            requireKnown(f, path, "service", "operation", "error", "times", "region", "every");
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
                    whole(f, "every", null, 1, path)));
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
                management(node.get("management"), node.get("gitopsObjects"), dr));
    }

    /** The Task states a crash may name: those of every workflow's state machine (StepCatalogue). */
    public static List<String> crashableStates() {
        return StepCatalogue.STEPS.stream()
                .map(StepCatalogue.Step::state)
                .distinct()
                .toList();
    }

    private static List<CrashSpec> crashes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.crashes: must be a list of {\"state\": \"<state name>\", \"times\": n}, not " + node);
        }
        List<CrashSpec> crashes = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "scenario.crashes[" + i + "]";
            JsonNode c = node.get(i);
            requireKnown(c, path, "state", "times");
            String state = text(c, "state", null, path);
            if (state == null || !crashableStates().contains(state)) {
                throw new IllegalArgumentException(path + ".state: must name a Task state of the failover or "
                        + "failback state machine (statemachine/*.asl.json), like \"Promote DR File System\", not "
                        + c.get("state"));
            }
            crashes.add(new CrashSpec(state, whole(c, "times", 1, 1, path)));
        }
        return List.copyOf(crashes);
    }

    /**
     * {@code primaryLostAfterSeconds}: refused beside {@code primaryReachable: false} (the region cannot
     * be lost twice); {@code primaryReturnsAfterSeconds} needs one of them (it counts from the loss).
     */
    private static Long primaryLost(JsonNode node) {
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

    private static long syncJitter(JsonNode node) {
        long interval = nonNegative(node, "syncIntervalSeconds", 0, "scenario.syncIntervalSeconds");
        long jitter = nonNegative(node, "syncJitterSeconds", 0, "scenario.syncJitterSeconds");
        if (jitter > 0 && jitter * 2 >= interval) {
            throw new IllegalArgumentException("scenario.syncJitterSeconds: must be less than half of "
                    + "syncIntervalSeconds (" + interval + "), so syncs keep their order, not " + jitter);
        }
        return jitter;
    }

    private static long seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("scenario.syncJitterSeed: must be a whole number, not " + node);
        }
        return node.asLong();
    }

    private static List<String> approvals(JsonNode node) {
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

    private static List<UnplannedWriter> unplannedWriters(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("scenario.unplannedWriters: must be a list of "
                    + "{\"name\": \"...\", \"everySeconds\": n, \"runSeconds\": n}");
        }
        List<UnplannedWriter> writers = new ArrayList<>();
        int index = 0;
        for (JsonNode w : node) {
            String path = "scenario.unplannedWriters[" + index++ + "]";
            if (!w.isObject()) {
                throw new IllegalArgumentException(path + ": must be an object");
            }
            List<String> known = List.of("name", "everySeconds", "runSeconds");
            w.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(
                            path + "." + name + ": is not a known field (known: " + String.join(", ", known) + ")");
                }
            });
            if (!w.path("name").isTextual() || w.path("name").asText().isBlank()) {
                throw new IllegalArgumentException(path + ".name: is missing (say what writes, like "
                        + "\"reports/CronJob/export\" or \"ec2:i-0abc\")");
            }
            long every = nonNegative(w, "everySeconds", 60, path + ".everySeconds");
            long run = nonNegative(w, "runSeconds", 30, path + ".runSeconds");
            if (every < 1 || run < 1) {
                throw new IllegalArgumentException(path + ": everySeconds and runSeconds must be at least 1");
            }
            writers.add(new UnplannedWriter(w.get("name").asText(), every, run));
        }
        return List.copyOf(writers);
    }

    /**
     * A workload's {@code endedPods}: a list of {@code {"phase": "Failed"|"Succeeded"|"Unknown",
     * "reason": "...", "terminatingOnNotReadyNode": false, "region": "primary"|"dr"|"both"}}, every
     * field checked and no other field allowed.
     */
    static List<EndedPodSpec> endedPods(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + ": must be a list of {\"phase\": \"Failed\"|\"Succeeded\"|"
                    + "\"Unknown\", \"reason\": \"...\", \"terminatingOnNotReadyNode\": false, \"region\": "
                    + "\"primary\"|\"dr\"|\"both\"}");
        }
        List<EndedPodSpec> pods = new ArrayList<>();
        int index = 0;
        for (JsonNode pod : node) {
            String at = path + "[" + index++ + "]";
            if (!pod.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object with " + EndedPodSpec.KNOWN);
            }
            pod.fieldNames().forEachRemaining(name -> {
                if (!EndedPodSpec.KNOWN.contains(name)) {
                    throw new IllegalArgumentException(at + "." + name + ": is not a known field (known: "
                            + String.join(", ", EndedPodSpec.KNOWN) + ")");
                }
            });
            JsonNode phase = pod.get("phase");
            if (phase == null || !phase.isTextual() || !EndedPodSpec.PHASES.contains(phase.asText())) {
                throw new IllegalArgumentException(at + ".phase: must be one of "
                        + String.join(", ", EndedPodSpec.PHASES) + ", not " + (phase == null ? "missing" : phase));
            }
            JsonNode reason = pod.get("reason");
            if (reason != null && !reason.isNull() && !reason.isTextual()) {
                throw new IllegalArgumentException(at + ".reason: must be a string, not " + reason);
            }
            JsonNode terminating = pod.get("terminatingOnNotReadyNode");
            if (terminating != null && !terminating.isNull() && !terminating.isBoolean()) {
                throw new IllegalArgumentException(
                        at + ".terminatingOnNotReadyNode: must be true or false, not " + terminating);
            }
            JsonNode region = pod.get("region");
            if (region != null
                    && !region.isNull()
                    && (!region.isTextual() || !EndedPodSpec.REGIONS.contains(region.asText()))) {
                throw new IllegalArgumentException(
                        at + ".region: must be one of " + String.join(", ", EndedPodSpec.REGIONS) + ", not " + region);
            }
            pods.add(new EndedPodSpec(
                    phase.asText(),
                    reason == null || reason.isNull() || reason.asText().isEmpty() ? null : reason.asText(),
                    terminating != null && terminating.asBoolean(false),
                    region == null || region.isNull() ? "both" : region.asText()));
        }
        return List.copyOf(pods);
    }

    private static Route53RecordSpec route53RecordSet(JsonNode node) {
        String path = "scenario.route53RecordSet";
        if (node == null || node.isNull()) {
            return Route53RecordSpec.DEFAULT;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object like {\"type\": \"A\", \"alias\": true, "
                    + "\"routingPolicy\": \"simple\"}");
        }
        List<String> known = List.of("type", "alias", "routingPolicy");
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(
                        path + "." + field + ": is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
        JsonNode alias = node.get("alias");
        if (alias != null && !alias.isNull() && !alias.isBoolean()) {
            throw new IllegalArgumentException(path + ".alias: must be true or false, not " + alias);
        }
        boolean isAlias = alias != null && alias.asBoolean(false);
        String type = node.path("type").asText(isAlias ? "A" : "CNAME");
        if (!List.of("CNAME", "A", "AAAA").contains(type)) {
            throw new IllegalArgumentException(path + ".type: must be CNAME, A or AAAA, not " + node.get("type"));
        }
        if (isAlias == type.equals("CNAME")) {
            throw new IllegalArgumentException(path + ".type: " + type
                    + (isAlias
                            ? " cannot be an alias here: an alias to a load balancer is an A or AAAA record"
                            : " needs \"alias\": true (the sandbox's values are load balancer names)"));
        }
        String policy = node.path("routingPolicy").asText("simple");
        if (!List.of("simple", "weighted", "failover").contains(policy)) {
            throw new IllegalArgumentException(
                    path + ".routingPolicy: must be simple, weighted or failover, not " + node.get("routingPolicy"));
        }
        return new Route53RecordSpec(type, isAlias, policy);
    }

    private static final List<String> CONTROLLER_FIELDS = List.of(
            "kind", "workload", "region", "revertAfterSeconds", "ignoresReplicas", "tracked", "cooldownSeconds");

    /** Argo CD's {@code --self-heal-backoff-cooldown-seconds} default (cmd/argocd-application-controller). */
    static final long ARGO_CD_COOLDOWN_SECONDS = 330;

    private static List<ControllerSpec> controllers(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.controllers: must be a list of {\"kind\": \"argocd\"|\"flux\", "
                            + "\"workload\": \"<namespace>/<Kind>/<name>\"|\"*\", \"revertAfterSeconds\": n, ...}");
        }
        List<ControllerSpec> controllers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String path = "scenario.controllers[" + i + "]";
            if (!c.isObject()) {
                throw new IllegalArgumentException(path + ": must be an object");
            }
            c.fieldNames().forEachRemaining(name -> {
                if (!CONTROLLER_FIELDS.contains(name)) {
                    throw new IllegalArgumentException(path + "." + name + ": is not a known field (known: "
                            + String.join(", ", CONTROLLER_FIELDS) + ")");
                }
            });
            String kind = c.path("kind").asText("");
            if (!c.path("kind").isTextual() || !(kind.equals("argocd") || kind.equals("flux"))) {
                throw new IllegalArgumentException(path + ".kind: must be argocd or flux, not " + c.get("kind"));
            }
            String workload = c.path("workload").asText("");
            if (!c.path("workload").isTextual()
                    || !(workload.equals("*")
                            || workload.matches("[a-z0-9.-]+/(Deployment|StatefulSet)/[a-z0-9.-]+"))) {
                throw new IllegalArgumentException(path + ".workload: must be <namespace>/<Kind>/<name> (Kind "
                        + "Deployment or StatefulSet) or *, not " + c.get("workload"));
            }
            String region = c.path("region").asText("primary");
            if (c.has("region")
                    && (!c.get("region").isTextual() || !(region.equals("primary") || region.equals("dr")))) {
                throw new IllegalArgumentException(path + ".region: must be primary or dr, not " + c.get("region"));
            }
            if (!c.hasNonNull("revertAfterSeconds")) {
                throw new IllegalArgumentException(path + ".revertAfterSeconds: is required");
            }
            long after = nonNegative(c, "revertAfterSeconds", 0, path + ".revertAfterSeconds");
            if (kind.equals("flux") && after == 0) {
                throw new IllegalArgumentException(path + ".revertAfterSeconds: a Flux interval must be above 0");
            }
            if (kind.equals("flux") && c.has("cooldownSeconds")) {
                throw new IllegalArgumentException(path + ".cooldownSeconds: only Argo CD has a self-heal cooldown");
            }
            controllers.add(new ControllerSpec(
                    kind,
                    workload,
                    region,
                    after,
                    bool(c, "ignoresReplicas", false, path),
                    bool(c, "tracked", true, path),
                    nonNegative(c, "cooldownSeconds", ARGO_CD_COOLDOWN_SECONDS, path + ".cooldownSeconds")));
        }
        return List.copyOf(controllers);
    }

    // ---- issue 22, GitOps objects and the management cluster: begin
    /**
     * A GitOps object of the world (scenario {@code gitopsObjects[]}).
     *
     * @param kind {@code Application}, {@code Kustomization} or {@code HelmRelease}
     * @param region where it lives: {@code primary}, {@code dr} or {@code management} (Applications only)
     * @param manages the workloads it manages, {@code <namespace>/<Kind>/<name>} or {@code *}: in its
     *     own cluster, or for an Application in the management cluster in its {@code destination}'s
     * @param ignoresReplicas an Application whose {@code ignoreDifferences} covers {@code
     *     /spec/replicas} with {@code RespectIgnoreDifferences=true}
     * @param destination for {@code region: management}: the cluster it deploys to ({@code primary} or
     *     {@code dr}); otherwise its own region
     * @param seeded true when the sandbox seeded it for a {@code controllers} entry
     */
    public record GitOpsObjectSpec(
            String kind,
            String namespace,
            String name,
            String region,
            List<String> manages,
            boolean ignoresReplicas,
            String destination,
            boolean seeded) {
        public GitOpsObjectSpec {
            manages = List.copyOf(manages);
        }

        /** Whether it manages {@code w} in {@code side}'s cluster. */
        public boolean manages(WorkloadSpec w, String side) {
            return destination.equals(side) && (manages.contains("*") || manages.contains(w.id()));
        }

        /** The controller kind ({@code controllers[].kind}) whose object this can be. */
        public String controllerKind() {
            return kind.equals("Application") ? "argocd" : "flux";
        }
    }

    /**
     * The management cluster (scenario {@code management}): a third EKS cluster, served like the
     * other two, where Argo CD's Applications may live.
     */
    public record ManagementSpec(String clusterName, String region) {}

    static final List<String> GITOPS_KINDS = List.of("Application", "Kustomization", "HelmRelease");
    private static final List<String> GITOPS_FIELDS =
            List.of("kind", "namespace", "name", "region", "manages", "ignoresReplicas", "destination");
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    private static List<GitOpsObjectSpec> gitopsObjects(JsonNode node, List<WorkloadSpec> workloads) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("scenario.gitopsObjects: must be a list of {\"kind\": "
                    + "\"Application\"|\"Kustomization\"|\"HelmRelease\", \"namespace\": ..., \"name\": ..., "
                    + "\"region\": \"primary\"|\"dr\"|\"management\", \"manages\": [\"<ns>/<Kind>/<name>\"|\"*\"]}, not "
                    + node);
        }
        List<GitOpsObjectSpec> objects = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "scenario.gitopsObjects[" + i + "]";
            JsonNode o = node.get(i);
            requireKnown(o, path, GITOPS_FIELDS.toArray(String[]::new));
            String kind = text(o, "kind", null, path);
            if (kind == null || !GITOPS_KINDS.contains(kind)) {
                throw new IllegalArgumentException(
                        path + ".kind: must be one of " + String.join(", ", GITOPS_KINDS) + ", not " + o.get("kind"));
            }
            String region = text(o, "region", null, path);
            if (region == null || !List.of("primary", "dr", "management").contains(region)) {
                throw new IllegalArgumentException(
                        path + ".region: must be primary, dr or management, not " + o.get("region"));
            }
            if (region.equals("management") && !kind.equals("Application")) {
                throw new IllegalArgumentException(path + ".region: a Flux " + kind + " applies to its own cluster "
                        + "(Flux docs, \"Kustomization\"/\"Helm Releases\": the controller runs in the cluster it "
                        + "reconciles); only an Argo CD Application may live in the management cluster");
            }
            String destination = text(o, "destination", null, path);
            if (region.equals("management")) {
                if (destination == null || !List.of("primary", "dr").contains(destination)) {
                    throw new IllegalArgumentException(path + ".destination: an Application in the management "
                            + "cluster names the cluster it deploys to, primary or dr, not " + o.get("destination"));
                }
            } else if (destination != null) {
                throw new IllegalArgumentException(
                        path + ".destination: only for region management (an object manages its own cluster)");
            } else {
                destination = region;
            }
            String defaultNamespace = kind.equals("Application") ? "argocd" : "flux-system";
            String namespace = text(o, "namespace", defaultNamespace, path);
            String name = text(o, "name", null, path);
            for (String[] field : List.of(new String[] {"namespace", namespace}, new String[] {"name", name})) {
                if (field[1] == null || !field[1].matches(DNS_LABEL) || field[1].length() > 63) {
                    throw new IllegalArgumentException(path + "." + field[0]
                            + ": must be a Kubernetes name (lower-case letters, digits, '-'), not " + o.get(field[0]));
                }
            }
            JsonNode manages = o.get("manages");
            if (manages == null || !manages.isArray() || manages.isEmpty()) {
                throw new IllegalArgumentException(
                        path + ".manages: must be a non-empty list of \"<namespace>/<Kind>/<name>\" or \"*\"");
            }
            List<String> managed = new ArrayList<>();
            for (int j = 0; j < manages.size(); j++) {
                String w = manages.get(j).asText("");
                if (!manages.get(j).isTextual()
                        || !(w.equals("*") || w.matches("[a-z0-9.-]+/(Deployment|StatefulSet)/[a-z0-9.-]+"))) {
                    throw new IllegalArgumentException(path + ".manages[" + j + "]: must be <namespace>/<Kind>/<name> "
                            + "(Kind Deployment or StatefulSet) or *, not " + manages.get(j));
                }
                int index = j;
                if (!w.equals("*")
                        && workloads.stream().noneMatch(spec -> spec.id().equals(w))) {
                    throw new IllegalArgumentException(
                            path + ".manages[" + index + "]: names no workload of the " + "scenario: " + w);
                }
                managed.add(w);
            }
            boolean ignores = bool(o, "ignoresReplicas", false, path);
            if (ignores && !kind.equals("Application")) {
                throw new IllegalArgumentException(path + ".ignoresReplicas: only an Application has ignoreDifferences "
                        + "(for Flux, leave replicas out of the manifest: controllers[].ignoresReplicas)");
            }
            for (GitOpsObjectSpec other : objects) {
                if (other.kind().equals(kind)
                        && other.namespace().equals(namespace)
                        && other.name().equals(name)
                        && other.region().equals(region)) {
                    throw new IllegalArgumentException(path + ": " + kind + " " + namespace + "/" + name
                            + " is already in " + region + " (two objects cannot share a name)");
                }
            }
            objects.add(new GitOpsObjectSpec(kind, namespace, name, region, managed, ignores, destination, false));
        }
        return List.copyOf(objects);
    }

    /** The management cluster's defaults: in the DR region (the region that must survive), named so. */
    static final String MANAGEMENT_CLUSTER = "shop-management";

    private static ManagementSpec management(JsonNode node, JsonNode objects, SiteSpec dr) {
        boolean needed = false;
        if (objects != null && objects.isArray()) {
            for (JsonNode o : objects) {
                needed |= "management".equals(o.path("region").asText());
            }
        }
        if (node == null || node.isNull()) {
            return needed ? new ManagementSpec(MANAGEMENT_CLUSTER, dr.region()) : null;
        }
        String path = "scenario.management";
        requireKnown(node, path, "clusterName", "region");
        String name = text(node, "clusterName", MANAGEMENT_CLUSTER, path);
        String region = text(node, "region", dr.region(), path);
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException(path + ".region: must be an AWS region like us-west-2, not " + region);
        }
        return new ManagementSpec(name, region);
    }

    /**
     * Every GitOps object of the world: the scenario's {@code gitopsObjects}, then, for each {@code
     * controllers} entry covering a workload that no object of its kind manages in its region, one the
     * sandbox seeds (an Application named after the workload's namespace in {@code argocd}, or a
     * Kustomization of that name in {@code flux-system}, in the controller's region), so {@code
     * controllers} alone describe a GitOps-managed world.
     */
    public List<GitOpsObjectSpec> gitOpsObjectsSeeded() {
        List<GitOpsObjectSpec> all = new ArrayList<>(gitopsObjects);
        for (ControllerSpec c : controllers) {
            for (WorkloadSpec w : workloads) {
                if (!c.manages(w, c.region())) {
                    continue;
                }
                boolean managed =
                        all.stream().anyMatch(o -> o.controllerKind().equals(c.kind()) && o.manages(w, c.region()));
                if (managed) {
                    continue;
                }
                String kind = c.kind().equals("argocd") ? "Application" : "Kustomization";
                String namespace = c.kind().equals("argocd") ? "argocd" : "flux-system";
                int index = -1;
                for (int i = 0; i < all.size(); i++) {
                    GitOpsObjectSpec o = all.get(i);
                    if (o.seeded()
                            && o.kind().equals(kind)
                            && o.name().equals(w.namespace())
                            && o.region().equals(c.region())) {
                        index = i;
                    }
                }
                if (index < 0) {
                    all.add(new GitOpsObjectSpec(
                            kind,
                            namespace,
                            w.namespace(),
                            c.region(),
                            List.of(w.id()),
                            c.ignoresReplicas() && kind.equals("Application"),
                            c.region(),
                            true));
                } else {
                    GitOpsObjectSpec o = all.get(index);
                    List<String> manages = new ArrayList<>(o.manages());
                    manages.add(w.id());
                    all.set(
                            index,
                            new GitOpsObjectSpec(
                                    o.kind(),
                                    o.namespace(),
                                    o.name(),
                                    o.region(),
                                    manages,
                                    o.ignoresReplicas(),
                                    o.destination(),
                                    true));
                }
            }
        }
        return List.copyOf(all);
    }
    // ---- issue 22: end

    private static Map<String, HookFunction> hookFunctions(JsonNode node) {
        Map<String, HookFunction> functions = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return functions;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("scenario.hookFunctions: must map a function ARN to "
                    + "{\"result\": \"ok\"|\"fail\", \"delaySeconds\": n, \"duplicate\": false}");
        }
        node.fields().forEachRemaining(e -> {
            String path = "scenario.hookFunctions." + e.getKey();
            if (!e.getKey().matches("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(path + ": the key must be a Lambda function ARN");
            }
            requireKnown(e.getValue(), path, "result", "delaySeconds", "duplicate");
            String result = text(e.getValue(), "result", "ok", path);
            if (!result.equals("ok") && !result.equals("fail")) {
                throw new IllegalArgumentException(path + ".result: must be ok or fail, not " + result);
            }
            functions.put(
                    e.getKey(),
                    new HookFunction(
                            result.equals("fail"),
                            nonNegative(e.getValue(), "delaySeconds", 0, path + ".delaySeconds"),
                            bool(e.getValue(), "duplicate", false, path)));
        });
        return Map.copyOf(functions);
    }

    private static String traffic(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !List.of("routing-control", "route53").contains(node.asText())) {
            throw new IllegalArgumentException(
                    "scenario.traffic: must be \"routing-control\" or \"route53\", not " + node);
        }
        return node.asText();
    }

    private static int endpointsDown(JsonNode node) {
        long down = nonNegative(node, "routingControlEndpointsDown", 0, "scenario.routingControlEndpointsDown");
        if (down > ROUTING_CONTROL_REGIONS.size()) {
            throw new IllegalArgumentException("scenario.routingControlEndpointsDown: an ARC cluster has "
                    + ROUTING_CONTROL_REGIONS.size() + " endpoints, not " + down);
        }
        return (int) down;
    }

    private static int endpointsHanging(JsonNode node) {
        long hanging =
                nonNegative(node, "routingControlEndpointsHanging", 0, "scenario.routingControlEndpointsHanging");
        if (endpointsDown(node) + hanging > ROUTING_CONTROL_REGIONS.size()) {
            throw new IllegalArgumentException("scenario.routingControlEndpointsHanging: an ARC cluster has "
                    + ROUTING_CONTROL_REGIONS.size() + " endpoints; " + endpointsDown(node) + " down and " + hanging
                    + " hanging are more");
        }
        return (int) hanging;
    }

    /**
     * The regions of the sandbox's ARC cluster endpoints, in the order the plan lists them (an ARC
     * cluster has five regional endpoints); the first {@code routingControlEndpointsDown} refuse
     * connections, the next {@code routingControlEndpointsHanging} accept them and never answer.
     */
    public static final List<String> ROUTING_CONTROL_REGIONS =
            List.of("us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2", "us-east-1");

    private static ObjectNode planOverrides(JsonNode node) {
        if (node == null || node.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("scenario.plan: must be an object merged over the generated plan, like "
                    + "{\"timeouts\": {\"promotionSeconds\": 21600}}");
        }
        return ((ObjectNode) node).deepCopy();
    }

    /**
     * Refuses an object that is not one, or that has a field not in {@code known}, naming the
     * field's full path and the known fields: a misspelt field must fail the drill, never be a
     * no-op. Every object the parser reads calls it with the fields it reads; a new field is added
     * to that call beside the code that reads it. (Free maps, {@code storageClassParameters},
     * {@code labels}, {@code annotations}, are not checked; {@code plan} is checked by the plan's
     * own validator.)
     */
    static void requireKnown(JsonNode node, String path, String... known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be a JSON object, not " + node);
        }
        List<String> fields = List.of(known);
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new IllegalArgumentException(
                        path + "." + name + ": is not a known field (known: " + String.join(", ", fields) + ")");
            }
        });
    }

    /** The field {@code field} of {@code node} as a JSON list; absent or null is empty. */
    private static JsonNode list(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Json.MAPPER.createArrayNode();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(path + ": must be a list, not " + value);
        }
        return value;
    }

    /** A string field of the object at {@code path}; absent or null is {@code fallback}. */
    private static String text(JsonNode node, String field, String fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + ": must be a string, not " + value);
        }
        return value.asText();
    }

    /** A true/false field of the object at {@code path}; absent or null is {@code fallback}. */
    private static boolean bool(JsonNode node, String field, boolean fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(path + "." + field + ": must be true or false, not " + value);
        }
        return value.asBoolean();
    }

    /** A whole-number field of the object at {@code path}, at least {@code min}; absent or null is {@code fallback}. */
    private static Integer whole(JsonNode node, String field, Integer fallback, int min, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
            throw new IllegalArgumentException(path + "." + field + ": must be a whole number"
                    + (min == Integer.MIN_VALUE ? "" : " >= " + min) + ", not " + value);
        }
        return value.asInt();
    }

    private static long nonNegative(JsonNode node, String field, long fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException(path + ": must be a whole number of seconds >= 0, not " + value);
        }
        return value.asLong();
    }

    private static List<String> mountOptions(JsonNode node) {
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

    private static String activeSide(String value) {
        if (!value.equals("primary") && !value.equals("dr")) {
            throw new IllegalArgumentException("scenario.activeSide: must be primary or dr, not " + value);
        }
        return value;
    }

    /** The same world, starting with the given side active (the failback drill starts from DR). */
    public Scenario withActiveSide(String side) {
        return new Scenario(
                primary,
                dr,
                replicationLagSeconds,
                promotionDelaySeconds,
                readinessDelaySeconds,
                primaryReachable,
                workloads,
                storageClassPresent,
                storageClassParameters,
                faults,
                dryRun,
                activeSide(side),
                accessPointCounts,
                deniedVerbs,
                replicationStatus,
                activeRegionRecord,
                timeoutHoldSeconds,
                terminationGraceSeconds,
                deleteHangsWhileSourceDown,
                sideDeletionSkewSeconds,
                storageClassMountOptions,
                planOverrides,
                primaryReturnsAfterSeconds,
                observeSeconds,
                hookFunctions,
                traffic,
                routingControlEndpointsDown,
                syncIntervalSeconds,
                syncJitterSeconds,
                syncJitterSeed,
                approvals,
                policyPropagationSeconds,
                unplannedWriters,
                routingControlSafetyRules,
                routingControlEndpointsHanging,
                route53RecordSet,
                controllers,
                metricDelaySeconds,
                crashes,
                redrive,
                primaryLostAfterSeconds,
                gitopsObjects,
                management);
    }

    /** Whether the scenario file chose the active side itself. */
    public static boolean choosesActiveSide(JsonNode node) {
        return node.has("activeSide");
    }

    /** A JSON object of strings as a map; absent is empty. */
    private static Map<String, String> strings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + ": must be an object of strings");
        }
        Map<String, String> values = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(field + "." + e.getKey() + ": must be a string");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return Map.copyOf(values);
    }

    /** A mix like a real shop: one StatefulSet database per ten workloads, the rest Deployments. */
    static List<WorkloadSpec> generated(int count) {
        List<WorkloadSpec> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean database = i % 10 == 0;
            list.add(new WorkloadSpec(
                    "shop",
                    database ? "StatefulSet" : "Deployment",
                    (database ? "db-" : "app-") + i,
                    database ? 1 : 2,
                    0));
        }
        return list;
    }

    /** The label every seeded workload carries, which a generated selector matches. */
    public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    /** The most bytes an SSM parameter holds (the Advanced tier). */
    static final int PLAN_MAX_BYTES = 8192;

    /**
     * The DR plan for this world, as an operator would store it in SSM: the workloads as
     * {@code items} when that fits an SSM parameter ({@value #PLAN_MAX_BYTES} bytes, the Advanced
     * tier), otherwise a {@code selector} on their namespaces and {@value #PART_OF_LABEL}={@code shop};
     * then the scenario's {@code plan} merged over it (objects merged field by field, anything else
     * replaced).
     */
    public ObjectNode plan() {
        ObjectNode plan = generatedPlan(true);
        if (plan.toString().getBytes(StandardCharsets.UTF_8).length > PLAN_MAX_BYTES) {
            plan = generatedPlan(false);
        }
        merge(plan, planOverrides);
        return plan;
    }

    private static void merge(ObjectNode target, ObjectNode overrides) {
        overrides.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode into && e.getValue() instanceof ObjectNode from) {
                merge(into, from);
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private ObjectNode generatedPlan(boolean listItems) {
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.put("application", "shop");
        plan.set("primary", Json.MAPPER.valueToTree(primary));
        plan.set("dr", Json.MAPPER.valueToTree(dr));
        ObjectNode storageClass = plan.putObject("storageClass");
        storageClass.put("name", "efs-sc");
        storageClass.put("directoryPerms", "700");
        storageClass.put("uid", "1000");
        storageClass.put("gid", "1000");
        storageClass.put("basePath", "/dynamic_provisioning");
        storageClass.put("subPathPattern", "${.PVC.namespace}/${.PVC.name}");
        storageClass.put("ensureUniqueDirectory", "false");
        storageClass.put("reuseAccessPoint", "false");
        if (listItems) {
            ArrayNode items = plan.putObject("workloads").putArray("items");
            workloads.forEach(w -> {
                ObjectNode item = items.addObject()
                        .put("namespace", w.namespace())
                        .put("kind", w.kind())
                        .put("name", w.name())
                        .put("activeReplicas", w.activeReplicas())
                        .put("standbyReplicas", w.standbyReplicas());
                if (w.wave() != null) {
                    item.put("wave", w.wave());
                }
            });
        } else {
            ObjectNode selector = plan.putObject("workloads").putObject("selector");
            ArrayNode namespaces = selector.putArray("namespaces");
            workloads.stream().map(WorkloadSpec::namespace).distinct().sorted().forEach(namespaces::add);
            selector.putObject("matchLabels").put(PART_OF_LABEL, "shop");
        }
        plan.put("rpoSeconds", 900);
        return plan;
    }

    private static SiteSpec site(JsonNode node, SiteSpec fallback, String path) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        requireKnown(node, path, "region", "clusterName", "fileSystemId");
        return new SiteSpec(
                text(node, "region", fallback.region(), path),
                text(node, "clusterName", fallback.clusterName(), path),
                text(node, "fileSystemId", fallback.fileSystemId(), path));
    }
}
