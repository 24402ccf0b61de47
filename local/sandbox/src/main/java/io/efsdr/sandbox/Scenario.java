package io.efsdr.sandbox;

import static io.efsdr.sandbox.ScenarioFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.sandbox.arc.SafetyRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * @param handoverPolicy whether kubernetes/handover-policy.yaml (the admission policy narrowing the
 *     orchestrator's patch of workloads, and its binding) is applied in both clusters
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
        ManagementSpec management,
        boolean handoverPolicy) {

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

    /**
     * An injected fault; {@code times} null means for good, {@code region} null means any,
     * {@code runs} null means every run of a drill's sequence (else the 1-based run numbers it is
     * limited to).
     */
    public record FaultSpec(
            String service,
            String operation,
            String error,
            Integer times,
            String region,
            Integer every,
            List<Integer> runs) {
        public FaultSpec(String service, String operation, String error, Integer times, String region) {
            this(service, operation, error, times, region, null, null);
        }

        public FaultSpec(String service, String operation, String error, Integer times, String region, Integer every) {
            this(service, operation, error, times, region, every, null);
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
        return ScenarioParser.parse(node, workloadCount);
    }

    /** The Task states a crash may name: those of every workflow's state machine (StepCatalogue). */
    public static List<String> crashableStates() {
        return StepCatalogue.STEPS.stream()
                .map(StepCatalogue.Step::state)
                .distinct()
                .toList();
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

    /**
     * The regions of the sandbox's ARC cluster endpoints, in the order the plan lists them (an ARC
     * cluster has five regional endpoints); the first {@code routingControlEndpointsDown} refuse
     * connections, the next {@code routingControlEndpointsHanging} accept them and never answer.
     */
    public static final List<String> ROUTING_CONTROL_REGIONS =
            List.of("us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2", "us-east-1");

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
                ScenarioParser.activeSide(side),
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
                management,
                handoverPolicy);
    }

    /** Whether the scenario file chose the active side itself. */
    public static boolean choosesActiveSide(JsonNode node) {
        return node.has("activeSide");
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
}
