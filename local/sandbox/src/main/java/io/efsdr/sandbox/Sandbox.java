package io.efsdr.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.PlanValidator;
import io.efsdr.sandbox.arc.RoutingControlStandIn;
import io.efsdr.sandbox.aws.AwsStandIn;
import io.efsdr.sandbox.aws.EfsFileSystemView;
import io.efsdr.sandbox.aws.LambdaModel;
import io.efsdr.sandbox.aws.Route53Model;
import io.efsdr.sandbox.kubernetes.AccessRule;
import io.efsdr.sandbox.kubernetes.EndedPod;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import io.efsdr.sandbox.kubernetes.VolumeClaimTemplate;
import io.efsdr.sandbox.truth.GroundTruth;
import io.efsdr.sandbox.truth.Spans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two simulated AWS regions on loopback: one AWS endpoint (EFS, EKS, SNS, SSM, Step Functions)
 * and one Kubernetes API per cluster, sharing a virtual clock and a fault plan, built from a
 * {@link Scenario} (with the primary active and replicating to DR, or, for a failback drill, with
 * the DR side active after a failover). After every change it checks the one invariant a DR tool must never break:
 * writers in both regions at once.
 */
public final class Sandbox implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDSANDBOXEXAMPLE";
    public static final String SECRET_KEY = "sandbox-secret-key";
    public static final String PLAN_PARAMETER = "/efs-dr/plan";
    /** The audit bucket the template creates, here created with the sandbox. */
    public static final String AUDIT_BUCKET = "efs-dr-audit";

    public static final String ACTIVE_REGION_PARAMETER = "/efs-dr/active-region";
    /** The split-brain guard's rule, as the template creates it (DISABLED, every minute); its default name. */
    public static final String GUARD_RULE = "efs-dr-split-brain-guard";

    public static final String GUARD_FUNCTION = "RunSplitBrainGuardFunction";

    /** The traffic switch's stand-ins: one ARC routing control per region, one Route 53 record. */
    public static final String CONTROL_PANEL =
            "arn:aws:route53-recovery-control::000000000000:controlpanel/0123456789abcdef0123456789abcdef";

    public static final String HOSTED_ZONE = "Z0SANDBOXTRAFFIC";
    public static final String RECORD_NAME = "app.shop.example.";

    /** The notification topic the template creates, here created in the DR region with the sandbox. */
    public static final String TOPIC_NAME = "efs-dr-notifications";
    /** The workflows the template deploys as state machines ({@code statemachine/<workflow>.asl.json}). */
    public static final List<String> WORKFLOWS = List.of("failover", "failback");

    /** Every verb and resource the stand-in serves; a scenario's {@code deniedVerbs} are taken out of it. */
    private static final List<String> VERBS = List.of("get", "list", "create", "update", "patch", "delete", "watch");

    private static final List<String> RESOURCES = List.of(
            "namespaces",
            "storageclasses",
            "deployments",
            "statefulsets",
            "persistentvolumeclaims",
            "pods",
            "deployments/scale",
            "statefulsets/scale",
            "horizontalpodautoscalers",
            // issue 22: the GitOps objects
            "applications",
            "kustomizations",
            "helmreleases");

    private final Scenario scenario;
    private final VirtualClock clock = new VirtualClock();
    private final FaultPlan faults = new FaultPlan();
    private final AwsStandIn aws;
    private final KubernetesStandIn primaryCluster;
    private final KubernetesStandIn drCluster;
    /** The management cluster (issue 22), null when the scenario has none. */
    private final KubernetesStandIn managementCluster;

    private final RoutingControlStandIn routingControls;
    private final List<Observation> observations = new CopyOnWriteArrayList<>();
    /** When the primary region was down: every AWS and Kubernetes call to it failed, and its pods wrote nothing. */
    private final List<Spans.Span> primaryDown = new CopyOnWriteArrayList<>();

    private volatile Instant primaryDownSince;
    /** Whether the scheduled loss of the primary ({@code primaryLostAfterSeconds}) has been taken in. */
    private boolean primaryLossSeen;

    private final Object primaryLossLock = new Object();

    /** Who could write at one moment: a region writes when its file system is writable and pods run there. */
    public record Observation(
            Instant at, boolean primaryWritable, int primaryRunning, boolean drWritable, int drRunning) {
        boolean writersInBoth() {
            return primaryWritable && primaryRunning > 0 && drWritable && drRunning > 0;
        }
    }

    private Sandbox(Scenario scenario) throws IOException {
        this.scenario = scenario;
        this.aws = AwsStandIn.start(clock, faults);
        aws.s3().createBucket(AUDIT_BUCKET);
        Map<String, String> credentials = Map.of(ACCESS_KEY, SECRET_KEY);
        this.primaryCluster = new KubernetesStandIn(
                        scenario.primary().clusterName(), scenario.primary().region(), clock, faults, credentials)
                .start();
        this.drCluster = new KubernetesStandIn(
                        scenario.dr().clusterName(), scenario.dr().region(), clock, faults, credentials)
                .start();
        Scenario.ManagementSpec management = scenario.management();
        this.managementCluster = management == null
                ? null
                : new KubernetesStandIn(management.clusterName(), management.region(), clock, faults, credentials)
                        .start();
        if (managementCluster != null) {
            managementCluster.evaluateWith(primaryCluster);
            managementCluster.evaluateWith(drCluster);
        }
        List<String> down =
                new ArrayList<>(Scenario.ROUTING_CONTROL_REGIONS.subList(0, scenario.routingControlEndpointsDown()));
        if (!scenario.primaryReachable()) {
            down.add(scenario.primary().region());
        }
        int down0 = scenario.routingControlEndpointsDown();
        List<String> hanging =
                Scenario.ROUTING_CONTROL_REGIONS.subList(down0, down0 + scenario.routingControlEndpointsHanging());
        this.routingControls = new RoutingControlStandIn(
                clock, Scenario.ROUTING_CONTROL_REGIONS, down, hanging, scenario.routingControlSafetyRules(), faults);
    }

    /** Starts a world as the scenario describes it. */
    public static Sandbox start(Scenario scenario) {
        try {
            Sandbox sandbox = new Sandbox(scenario);
            try {
                sandbox.seed();
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant startedAt;
    private boolean primaryReturned;

    /**
     * With {@code primaryReturnsAfterSeconds}: once that much sandbox time has passed since the
     * world started and the primary region is still down, it comes back with its pods still running
     * (a partition that heals). Returns whether it came back now.
     */
    public synchronized boolean primaryReturnIfDue() {
        primaryLossIfDue();
        Long after = scenario.primaryReturnsAfterSeconds();
        if (after == null
                || primaryReturned
                || primaryDownSince == null
                || clock.instant().isBefore(primaryReturnsAt())) {
            return false;
        }
        primaryReturned = true;
        primaryRegionRecovers(true);
        return true;
    }

    /** When the world was seeded: the origin of the drill report's workload times. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * When the scenario brings the primary back; null when it does not. With {@code
     * primaryLostAfterSeconds} the return counts from the loss.
     */
    public Instant primaryReturnsAt() {
        Long after = scenario.primaryReturnsAfterSeconds();
        Instant from = primaryLostAt();
        return after == null ? null : (from == null ? startedAt : from).plusSeconds(after);
    }

    /** When the scenario's {@code primaryLostAfterSeconds} takes the primary region away; null without it. */
    public Instant primaryLostAt() {
        Long lost = scenario.primaryLostAfterSeconds();
        return lost == null ? null : startedAt.plusSeconds(lost);
    }

    /**
     * A scheduled loss of the primary region that is due: from its moment on the region is down (the
     * fault plan fails every call to it from then on, whatever moved the clock; here the sandbox's own
     * record of the outage begins at that moment, so the ground truth counts no write after it).
     */
    private void primaryLossIfDue() {
        if (scenario.primaryLostAfterSeconds() == null) {
            return;
        }
        synchronized (primaryLossLock) {
            if (primaryLossSeen) {
                return;
            }
            faults.lostAt(scenario.primary().region()).ifPresent(at -> {
                primaryLossSeen = true;
                primaryDownSince = at;
            });
        }
    }

    private void seed() {
        startedAt = clock.instant();
        Scenario.SiteSpec primary = scenario.primary();
        Scenario.SiteSpec dr = scenario.dr();
        var efs = aws.efs();
        efs.addFileSystem(primary.region(), primary.fileSystemId());
        efs.addFileSystem(dr.region(), dr.fileSystemId());
        efs.setReplicationLag(Duration.ofSeconds(scenario.replicationLagSeconds()));
        efs.setSyncCadence(
                Duration.ofSeconds(scenario.syncIntervalSeconds()),
                Duration.ofSeconds(scenario.syncJitterSeconds()),
                scenario.syncJitterSeed());
        efs.setPromotionDelay(Duration.ofSeconds(scenario.promotionDelaySeconds()));
        efs.setSideDeletionSkew(Duration.ofSeconds(scenario.sideDeletionSkewSeconds()));
        efs.setDeleteHangsWhileSourceDown(scenario.deleteHangsWhileSourceDown());
        efs.setPolicyPropagation(Duration.ofSeconds(scenario.policyPropagationSeconds()));
        aws.cloudWatch().setPublishDelay(Duration.ofSeconds(scenario.metricDelaySeconds()));
        aws.cloudWatch().setSource(new RecordedMetrics());
        boolean drActive = scenario.activeSide().equals("dr");
        if (drActive) {
            // "As after a failover": the history of a graceful failover that ended as the world
            // starts (EfsModel.addPastFailover): until now the primary wrote and replicated to DR,
            // DR was its read-only destination; the primary's pods were stopped (none is seeded; every
            // write of theirs reached DR in the final sync), the primary is write-fenced as the
            // failover leaves it, and DR is writable from now on, its workloads running.
            efs.addPastFailover(
                    primary.region(),
                    primary.fileSystemId(),
                    dr.region(),
                    dr.fileSystemId(),
                    fencePolicy(primary.region(), primary.fileSystemId()),
                    startedAt);
        } else {
            efs.addReplication(primary.region(), primary.fileSystemId(), dr.region(), dr.fileSystemId());
            if (scenario.replicationStatus() != null) {
                efs.setReplicationStatus(
                        primary.fileSystemId(), scenario.replicationStatus(), "forced by the scenario");
            }
        }
        scenario.accessPointCounts().forEach(efs::setAccessPointCount);
        aws.eks()
                .registerCluster(
                        primary.region(),
                        primary.clusterName(),
                        primaryCluster.endpoint(),
                        primaryCluster.certificateAuthorityData());
        aws.eks()
                .registerCluster(
                        dr.region(), dr.clusterName(), drCluster.endpoint(), drCluster.certificateAuthorityData());
        if (managementCluster != null) {
            aws.eks()
                    .registerCluster(
                            scenario.management().region(),
                            scenario.management().clusterName(),
                            managementCluster.endpoint(),
                            managementCluster.certificateAuthorityData());
        }
        seedTraffic(drActive);
        aws.ssm().put(dr.region(), PLAN_PARAMETER, plan().toString());
        scenario.hookFunctions()
                .forEach((arn, function) -> aws.lambda()
                        .define(
                                arn,
                                new LambdaModel.Behaviour(
                                        function.fails(), function.delaySeconds(), function.duplicate())));
        aws.events().putRule(dr.region(), GUARD_RULE, Duration.ofMinutes(1), GUARD_FUNCTION, false);
        aws.sns().createTopic(dr.region(), TOPIC_NAME);
        for (String workflow : WORKFLOWS) {
            aws.stepFunctions().defineStateMachine(dr.region(), stateMachineName(workflow), definition(workflow));
        }
        if (scenario.activeRegionRecord() != null) {
            aws.ssm().put(dr.region(), ACTIVE_REGION_PARAMETER, scenario.activeRegionRecord());
        }
        if (!scenario.deniedVerbs().isEmpty()) {
            drCluster.setAccessRules(accessRulesWithout(scenario.deniedVerbs()));
            if (managementCluster != null) {
                managementCluster.setAccessRules(accessRulesWithout(scenario.deniedVerbs()));
            }
        }
        Duration readiness = Duration.ofSeconds(scenario.readinessDelaySeconds());
        Duration timeoutHold = Duration.ofSeconds(scenario.timeoutHoldSeconds());
        aws.setTimeoutHold(timeoutHold);
        primaryCluster.setTimeoutHold(timeoutHold);
        drCluster.setTimeoutHold(timeoutHold);
        for (KubernetesStandIn cluster : List.of(primaryCluster, drCluster)) {
            cluster.setReadinessDelay(readiness);
            cluster.setTerminationGrace(Duration.ofSeconds(scenario.terminationGraceSeconds()));
        }
        primaryCluster.putStorageClass(
                "efs-sc",
                "efs.csi.aws.com",
                storageClassParameters(primary.fileSystemId()),
                "Retain",
                scenario.storageClassMountOptions());
        if (scenario.storageClassPresent()) {
            Map<String, String> parameters = scenario.storageClassParameters() != null
                    ? scenario.storageClassParameters()
                    : storageClassParameters(dr.fileSystemId());
            drCluster.putStorageClass(
                    "efs-sc", "efs.csi.aws.com", parameters, "Retain", scenario.storageClassMountOptions());
        }
        for (Scenario.ControllerSpec controller : scenario.controllers()) {
            (controller.region().equals("dr") ? drCluster : primaryCluster)
                    .addController(
                            controller.kind(),
                            controller.workload(),
                            controller.revertAfterSeconds(),
                            controller.ignoresReplicas(),
                            controller.cooldownSeconds());
        }
        seedGitOpsObjects();
        for (Scenario.WorkloadSpec workload : scenario.workloads()) {
            seedWorkload(primaryCluster, workload, drActive ? 0 : workload.activeReplicas());
            seedWorkload(drCluster, workload, drActive ? workload.activeReplicas() : workload.standbyReplicas());
        }
        for (Scenario.FaultSpec fault : scenario.faults()) {
            faults.add(new FaultPlan.Fault(
                    fault.service(),
                    fault.operation(),
                    fault.region(),
                    FaultKind.parse(fault.error()),
                    fault.times(),
                    fault.every()));
        }
        scenario.crashes().forEach(c -> faults.addCrash(c.state(), c.times()));
        if (!scenario.primaryReachable()) {
            faults.setRegionReachable(primary.region(), false);
            primaryDownSince = clock.instant();
        }
        if (scenario.primaryLostAfterSeconds() != null) {
            // Its ARC endpoint answers through the same fault plan, so it stops answering with the region.
            faults.loseRegionAt(primary.region(), primaryLostAt(), clock);
        }
        aws.addChangeListener(this::observe);
        primaryCluster.addChangeListener(this::observe);
        drCluster.addChangeListener(this::observe);
        observe();
    }

    /**
     * The policy the failover's write fence leaves on a file system that had none
     * ({@code io.efsdr.efs.WriteFence}: an allow standing in for EFS's default access, and the deny of
     * ClientWrite to every principal that fences), so the failback's clean-up finds and removes it.
     */
    static String fencePolicy(String region, String fileSystemId) {
        String arn = "arn:aws:elasticfilesystem:" + region + ":" + io.efsdr.sandbox.aws.EfsModel.ACCOUNT
                + ":file-system/" + fileSystemId;
        var policy = Json.MAPPER.createObjectNode().put("Version", "2012-10-17");
        var statements = policy.putArray("Statement");
        var access = statements
                .addObject()
                .put("Sid", io.efsdr.efs.WriteFence.DEFAULT_ACCESS_SID)
                .put("Effect", "Allow");
        access.putObject("Principal").put("AWS", "*");
        access.putArray("Action")
                .add("elasticfilesystem:ClientMount")
                .add("elasticfilesystem:ClientWrite")
                .add("elasticfilesystem:ClientRootAccess");
        access.put("Resource", arn);
        var fence = statements
                .addObject()
                .put("Sid", io.efsdr.efs.WriteFence.FENCE_SID)
                .put("Effect", "Deny");
        fence.putObject("Principal").put("AWS", "*");
        fence.putArray("Action").add("elasticfilesystem:ClientWrite");
        fence.put("Resource", arn);
        return policy.toString();
    }

    /** The active side's traffic ON, the other's OFF, on both stand-ins (the plan uses one of them). */
    private void seedTraffic(boolean drActive) {
        String active = drActive ? scenario.dr().region() : scenario.primary().region();
        for (Scenario.SiteSpec site : List.of(scenario.primary(), scenario.dr())) {
            routingControls.addRoutingControl(
                    routingControlArn(site.region()),
                    "shop-" + site.region(),
                    site.region().equals(active) ? "On" : "Off");
        }
        aws.route53().createHostedZone(HOSTED_ZONE);
        Scenario.Route53RecordSpec record = scenario.route53RecordSet();
        switch (record.routingPolicy()) {
            case "simple" ->
                aws.route53()
                        .putRecordSet(
                                HOSTED_ZONE,
                                record.alias()
                                        ? Route53Model.RecordSet.alias(
                                                RECORD_NAME, record.type(), recordValue(active), aliasZone(active))
                                        : new Route53Model.RecordSet(
                                                RECORD_NAME, record.type(), 60, List.of(recordValue(active))));
            default -> {
                // Another routing policy owns the name: one set per region, told apart by SetIdentifier.
                for (Scenario.SiteSpec site : List.of(scenario.primary(), scenario.dr())) {
                    boolean on = site.region().equals(active);
                    boolean weighted = record.routingPolicy().equals("weighted");
                    aws.route53()
                            .putRecordSet(
                                    HOSTED_ZONE,
                                    new Route53Model.RecordSet(
                                            RECORD_NAME,
                                            record.type(),
                                            record.alias() ? 0 : 60,
                                            record.alias() ? List.of() : List.of(recordValue(site.region())),
                                            site.region(),
                                            weighted ? null : on ? "PRIMARY" : "SECONDARY",
                                            weighted ? (on ? 100L : 0L) : null,
                                            record.alias() ? recordValue(site.region()) : null,
                                            record.alias() ? aliasZone(site.region()) : null));
                }
            }
        }
    }

    /**
     * The canonical hosted zone of a region's load balancer, an alias record's target zone (the ELB
     * zones of us-east-1 and us-west-2 as the Elastic Load Balancing endpoints table lists them).
     */
    public static String aliasZone(String region) {
        return switch (region) {
            case "us-east-1" -> "Z35SXDOTRQ7X7K";
            case "us-west-2" -> "Z1H1FL5HABSF5";
            default -> "Z" + region.replace("-", "").toUpperCase(java.util.Locale.ROOT) + "ELB";
        };
    }

    /** The routing control that sends traffic to a region. */
    public static String routingControlArn(String region) {
        return CONTROL_PANEL + "/routingcontrol/" + (region.replace("-", "") + "0000000000000000").substring(0, 16);
    }

    /** The Route 53 record value that sends traffic to a region. */
    public static String recordValue(String region) {
        return "shop." + region + ".elb.example.";
    }

    /**
     * The DR plan as stored in SSM: the scenario's, with a {@code traffic} block for the scenario's
     * {@code traffic} pointing at this sandbox's stand-ins (the ARC endpoints' URLs are known only
     * once they listen). A {@code traffic} in the scenario's {@code plan} overrides it.
     */
    public ObjectNode plan() {
        ObjectNode plan = scenario.plan();
        if (scenario.traffic() == null || plan.has("traffic")) {
            return plan;
        }
        ObjectNode traffic = Json.MAPPER.createObjectNode();
        List<Scenario.SiteSpec> sites = List.of(scenario.primary(), scenario.dr());
        if (scenario.traffic().equals("routing-control")) {
            traffic.put("type", "routing-control");
            ArrayNode endpoints = traffic.putArray("clusterEndpoints");
            routingControls
                    .endpoints()
                    .forEach(
                            e -> endpoints.addObject().put("region", e.region()).put("url", e.url()));
            ObjectNode controls = traffic.putObject("controls");
            sites.forEach(site -> controls.put(site.region(), routingControlArn(site.region())));
        } else {
            Scenario.Route53RecordSpec record = scenario.route53RecordSet();
            traffic.put("type", "route53")
                    .put("hostedZoneId", HOSTED_ZONE)
                    .put("recordName", RECORD_NAME)
                    .put("recordType", record.type())
                    .put("ttl", 60);
            ObjectNode values = traffic.putObject("values");
            sites.forEach(site -> values.put(site.region(), recordValue(site.region())));
            if (record.alias()) {
                ObjectNode zones = traffic.putObject("aliasHostedZoneIds");
                sites.forEach(site -> zones.put(site.region(), aliasZone(site.region())));
            }
        }
        plan.set("traffic", traffic);
        return plan;
    }

    /**
     * Where traffic goes now, from the stand-in the scenario's switch uses (never from what a
     * handler said): region to {@code ON}/{@code OFF}; null when the scenario has no switch.
     */
    public Map<String, String> trafficState() {
        if (scenario.traffic() == null) {
            return null;
        }
        Map<String, String> state = new LinkedHashMap<>();
        for (Scenario.SiteSpec site : List.of(scenario.primary(), scenario.dr())) {
            boolean on = scenario.traffic().equals("routing-control")
                    ? "On".equals(routingControls.states().get(routingControlArn(site.region())))
                    : routedTo(site.region());
            state.put(site.region(), on ? "ON" : "OFF");
        }
        return state;
    }

    /**
     * Whether the Route 53 stand-in's record sends clients to {@code region}: the simple set holds that
     * region's value (an alias set: targets that region's load balancer, in its zone), or, under a
     * weighted or failover policy, the region's set carries weight or is PRIMARY.
     */
    private boolean routedTo(String region) {
        Scenario.Route53RecordSpec record = scenario.route53RecordSet();
        if (!record.routingPolicy().equals("simple")) {
            return aws.route53().list(HOSTED_ZONE, RECORD_NAME, record.type()).stream()
                    .filter(r -> region.equals(r.setIdentifier()))
                    .anyMatch(r -> "PRIMARY".equals(r.failover()) || (r.weight() != null && r.weight() > 0));
        }
        return aws.route53()
                .recordSet(HOSTED_ZONE, RECORD_NAME, record.type())
                .map(r -> r.isAlias()
                        ? r.aliasDnsName().equals(recordValue(region))
                                && r.aliasHostedZoneId().equals(aliasZone(region))
                        : r.values().equals(List.of(recordValue(region))))
                .orElse(false);
    }

    public RoutingControlStandIn routingControls() {
        return routingControls;
    }

    /** The name the sandbox gives a workflow's state machine. */
    public static String stateMachineName(String workflow) {
        return "efs-dr-" + workflow;
    }

    /** The project root: {@code drill.root} or {@code project.root}, else the working directory. */
    public static Path projectRoot() {
        String configured = System.getProperty("drill.root", System.getProperty("project.root", "."));
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /**
     * The workflow's ASL from {@code statemachine/} under the project root, what DescribeStateMachine answers;
     * a stub that says so when the sandbox runs outside the project.
     */
    private static String definition(String workflow) {
        Path file = projectRoot().resolve("statemachine/" + workflow + ".asl.json");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "{\"Comment\":\"the sandbox did not find " + file.toString().replace("\\", "/")
                    + "\",\"StartAt\":\"Unknown\",\"States\":{\"Unknown\":{\"Type\":\"Succeed\"}}}";
        }
    }

    /** Every verb on every resource the stand-in serves, except the denied ones ({@code "patch deployments/scale"}). */
    static List<AccessRule> accessRulesWithout(List<String> denied) {
        List<AccessRule> rules = new ArrayList<>();
        for (String resource : RESOURCES) {
            for (String verb : VERBS) {
                if (!denied.contains(verb + " " + resource)) {
                    rules.add(new AccessRule(verb, resource));
                }
            }
        }
        return rules;
    }

    private void seedWorkload(KubernetesStandIn cluster, Scenario.WorkloadSpec workload, int replicas) {
        Instant claimCreated = clock.instant().minusSeconds(workload.claimCreatedSecondsAgo());
        Map<String, String> labels = new TreeMap<>(workload.labels());
        labels.putAll(Map.of(Scenario.PART_OF_LABEL, "shop", "app", workload.name()));
        Map<String, String> annotations = new TreeMap<>(workload.annotations());
        annotations.putAll(Map.of(
                "dr.efsdr.io/active-replicas", String.valueOf(workload.activeReplicas()),
                "dr.efsdr.io/standby-replicas", String.valueOf(workload.standbyReplicas())));
        if (workload.wave() != null) {
            annotations.put("dr.efsdr.io/wave", String.valueOf(workload.wave()));
        }
        String side = cluster == primaryCluster ? "primary" : "dr";
        for (Scenario.GitOpsObjectSpec object : scenario.gitOpsObjectsSeeded()) {
            if (!object.manages(workload, side) || untracked(object, workload, side)) {
                continue;
            }
            // Argo CD docs, "Resource Tracking" (annotation tracking, <app>:<group>/<kind>:<ns>/<name>; an
            // Application outside the control plane's namespace is named <namespace>_<name>, "Applications
            // in any namespace"); Flux docs, "Kustomization" and "Helm Releases", the labels the
            // controllers set on what they apply.
            switch (object.kind()) {
                case "Application" ->
                    annotations.putIfAbsent(
                            "argocd.argoproj.io/tracking-id",
                            (object.namespace().equals("argocd") ? "" : object.namespace() + "_") + object.name()
                                    + ":apps/" + workload.kind() + ":" + workload.namespace() + "/"
                                    + workload.name());
                case "Kustomization" -> {
                    labels.putIfAbsent("kustomize.toolkit.fluxcd.io/name", object.name());
                    labels.putIfAbsent("kustomize.toolkit.fluxcd.io/namespace", object.namespace());
                }
                default -> {
                    labels.putIfAbsent("helm.toolkit.fluxcd.io/name", object.name());
                    labels.putIfAbsent("helm.toolkit.fluxcd.io/namespace", object.namespace());
                }
            }
        }
        if (workload.hpaMinReplicas() > 0) {
            cluster.putHorizontalPodAutoscaler(
                    workload.namespace(),
                    workload.name(),
                    workload.kind(),
                    workload.name(),
                    workload.hpaMinReplicas(),
                    Math.max(workload.hpaMinReplicas(), workload.activeReplicas()));
        }
        if (workload.kind().equals("StatefulSet")) {
            cluster.putStatefulSet(
                    workload.namespace(),
                    workload.name(),
                    replicas,
                    labels,
                    annotations,
                    List.of(new VolumeClaimTemplate("data", "efs-sc")),
                    endedPods(cluster, workload));
            for (int ordinal = 0; ordinal < workload.activeReplicas(); ordinal++) {
                cluster.putPersistentVolumeClaim(
                        workload.namespace(),
                        "data-" + workload.name() + "-" + ordinal,
                        "efs-sc",
                        "Bound",
                        null,
                        claimCreated);
            }
        } else {
            String claim = workload.name() + "-data";
            cluster.putDeployment(
                    workload.namespace(),
                    workload.name(),
                    replicas,
                    labels,
                    annotations,
                    List.of(claim),
                    endedPods(cluster, workload));
            cluster.putPersistentVolumeClaim(workload.namespace(), claim, "efs-sc", "Bound", null, claimCreated);
        }
    }

    // ---- issue 22, GitOps objects: begin
    /**
     * Seeds every GitOps object of the world ({@link Scenario#gitOpsObjectsSeeded()}) in the cluster it
     * lives in, and registers it with the cluster whose workloads it manages, before they are seeded.
     * An Application's spec carries automated sync with selfHeal when a controller covers it, and the
     * ignoreDifferences on /spec/replicas with RespectIgnoreDifferences=true when it ignores replicas
     * (Argo CD docs, "Automated Sync Policy", "Diffing Customization", "Sync Options"); a Flux object an
     * interval and its source (Flux docs, "Kustomization", "Helm Releases"), a HelmRelease with drift
     * detection on (the only way helm-controller puts replicas back between upgrades: "Helm Releases",
     * Drift detection).
     */
    private void seedGitOpsObjects() {
        for (Scenario.GitOpsObjectSpec object : scenario.gitOpsObjectsSeeded()) {
            KubernetesStandIn home = switch (object.region()) {
                case "primary" -> primaryCluster;
                case "dr" -> drCluster;
                default -> managementCluster;
            };
            KubernetesStandIn target = object.destination().equals("primary") ? primaryCluster : drCluster;
            KubernetesStandIn.GitOpsHandle handle = home.putGitOpsObject(
                    object.kind(), object.namespace(), object.name(), object.region(), gitOpsSpec(object), Map.of());
            for (Scenario.WorkloadSpec workload : scenario.workloads()) {
                if (object.manages(workload, object.destination())) {
                    target.manageWorkload(workload.id(), handle);
                }
            }
        }
    }

    /** Whether the object's controller entry says the orchestrator cannot see it ({@code tracked: false}). */
    private boolean untracked(Scenario.GitOpsObjectSpec object, Scenario.WorkloadSpec workload, String side) {
        return object.seeded()
                && scenario.controllers().stream()
                        .filter(c -> c.kind().equals(object.controllerKind()) && c.manages(workload, side))
                        .noneMatch(Scenario.ControllerSpec::tracked);
    }

    private ObjectNode gitOpsSpec(Scenario.GitOpsObjectSpec object) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        boolean controlled = scenario.controllers().stream()
                .anyMatch(c ->
                        c.kind().equals(object.controllerKind()) && c.region().equals(object.destination()));
        switch (object.kind()) {
            case "Application" -> {
                spec.put("project", "default");
                spec.putObject("source")
                        .put("repoURL", "https://git.example.com/shop/deploy.git")
                        .put("targetRevision", "main")
                        .put("path", object.destination());
                Scenario.SiteSpec site = object.destination().equals("primary") ? scenario.primary() : scenario.dr();
                spec.putObject("destination").put("name", site.clusterName()).put("namespace", "shop");
                ObjectNode syncPolicy = spec.putObject("syncPolicy");
                if (controlled) {
                    syncPolicy.putObject("automated").put("prune", true).put("selfHeal", true);
                }
                if (object.ignoresReplicas()) {
                    ArrayNode ignore = spec.putArray("ignoreDifferences");
                    for (String kind : List.of("Deployment", "StatefulSet")) {
                        ignore.addObject()
                                .put("group", "apps")
                                .put("kind", kind)
                                .putArray("jsonPointers")
                                .add("/spec/replicas");
                    }
                    syncPolicy.putArray("syncOptions").add("RespectIgnoreDifferences=true");
                }
            }
            case "Kustomization" -> {
                spec.put("interval", interval(object) + "s");
                spec.put("path", "./" + object.destination());
                spec.put("prune", true);
                spec.putObject("sourceRef").put("kind", "GitRepository").put("name", "shop");
            }
            default -> {
                spec.put("interval", interval(object) + "s");
                spec.putObject("chart")
                        .putObject("spec")
                        .put("chart", object.name())
                        .putObject("sourceRef")
                        .put("kind", "HelmRepository")
                        .put("name", "shop");
                if (controlled) {
                    spec.putObject("driftDetection").put("mode", "enabled");
                }
            }
        }
        return spec;
    }

    /** A Flux object's interval: its controller entry's revertAfterSeconds, else Flux's common 10 minutes. */
    private long interval(Scenario.GitOpsObjectSpec object) {
        return scenario.controllers().stream()
                .filter(c -> c.kind().equals("flux") && c.region().equals(object.destination()))
                .mapToLong(Scenario.ControllerSpec::revertAfterSeconds)
                .findFirst()
                .orElse(600);
    }

    /** The management cluster; null when the scenario has none. */
    public KubernetesStandIn managementCluster() {
        return managementCluster;
    }
    // ---- issue 22: end

    /** The workload's ended pods that the scenario puts in this cluster's region. */
    private List<EndedPod> endedPods(KubernetesStandIn cluster, Scenario.WorkloadSpec workload) {
        String side = cluster == primaryCluster ? "primary" : "dr";
        return workload.endedPods().stream()
                .filter(e -> e.region().equals("both") || e.region().equals(side))
                .map(e -> new EndedPod(e.phase(), e.reason(), e.terminatingOnNotReadyNode()))
                .toList();
    }

    /**
     * The primary region comes back after an outage. Its pods either survived ({@code podsSurvived}:
     * they run again at once, as after a network partition) or were lost with the region (its
     * workloads restart at zero replicas).
     */
    public void primaryRegionRecovers(boolean podsSurvived) {
        primaryLossIfDue();
        if (!podsSurvived) {
            scenario.workloads().forEach(w -> seedWorkload(primaryCluster, w, 0));
        }
        faults.setRegionReachable(scenario.primary().region(), true);
        if (primaryDownSince != null) {
            primaryDown.add(new Spans.Span(
                    primaryDownSince.toEpochMilli(), clock.instant().toEpochMilli()));
            primaryDownSince = null;
        }
        observe();
    }

    /**
     * What really happened to the data until now, from the sandbox's own records: each file system
     * accepted writes while it was writable, its region was up and a pod of its cluster existed
     * (running or terminating: a terminating pod keeps writing through its grace period, Kubernetes
     * "Pod Lifecycle", termination of pods); replication carried what was written before each sync.
     * A lost write made while the other file system was writable too (after its promotion) is counted
     * apart, as a split-brain write ({@link GroundTruth}).
     *
     * @param servingFileSystemId the file system that serves at the end
     */
    public GroundTruth.Result groundTruth(String servingFileSystemId) {
        Instant now = clock.instant();
        Map<String, Spans> writes = new LinkedHashMap<>();
        writes.put(
                scenario.primary().fileSystemId(),
                acceptedWrites(scenario.primary().fileSystemId(), now));
        writes.put(scenario.dr().fileSystemId(), acceptedWrites(scenario.dr().fileSystemId(), now));
        List<GroundTruth.Flow> flows = aws.efs().replicationHistory().stream()
                .map(r -> new GroundTruth.Flow(
                        r.sourceFileSystemId(), r.destinationFileSystemId(), r.createdAt(), r.lastReplicatedAt()))
                .toList();
        Map<String, Spans> writable = new LinkedHashMap<>();
        writes.keySet().forEach(fs -> writable.put(fs, writable(fs)));
        return GroundTruth.compute(writes, writable, flows, servingFileSystemId, now);
    }

    /**
     * When a file system of the world accepted writes until {@code now}: its cluster's pods and, on
     * the primary, the writers outside the plan, while its region was up. The ground truth and the
     * CloudWatch stand-in's {@code DataWriteIOBytes} both read this one record.
     */
    private Spans acceptedWrites(String fileSystemId, Instant now) {
        if (fileSystemId.equals(scenario.primary().fileSystemId())) {
            return writesOf(scenario.primary(), primaryCluster)
                    .union(unplannedWrites(now))
                    .minus(primaryDownSpans(now));
        }
        return writesOf(scenario.dr(), drCluster);
    }

    /**
     * The CloudWatch stand-in's view of the world ({@link io.efsdr.sandbox.aws.CloudWatchModel}): each
     * file system's accepted writes, and its client connections: one per pod of its cluster for the
     * pod's life (the EFS CSI driver mounts at the pod's start), one per connection of a writer
     * outside the plan, refused writes or not; nothing while its region is down.
     */
    private final class RecordedMetrics implements io.efsdr.sandbox.aws.EfsMetricSource {
        @Override
        public Spans writes(String region, String fileSystemId, Instant now) {
            return siteOf(region, fileSystemId) == null ? Spans.EMPTY : acceptedWrites(fileSystemId, now);
        }

        @Override
        public List<Spans.Span> connections(String region, String fileSystemId, Instant now) {
            Scenario.SiteSpec site = siteOf(region, fileSystemId);
            if (site == null) {
                return List.of();
            }
            boolean primary = site == scenario.primary();
            KubernetesStandIn cluster = primary ? primaryCluster : drCluster;
            List<Spans.Span> connections = new ArrayList<>();
            for (PodLifetime pod : cluster.podLifetimes()) {
                long to = pod.goneAt() == null ? Long.MAX_VALUE : pod.goneAt().toEpochMilli();
                connections.add(new Spans.Span(
                        pod.createdAt().toEpochMilli(), Math.max(pod.createdAt().toEpochMilli(), to)));
            }
            if (primary) {
                for (Scenario.UnplannedWriter writer : scenario.unplannedWriters()) {
                    for (Instant at = startedAt; !at.isAfter(now); at = at.plusSeconds(writer.everySeconds())) {
                        connections.add(new Spans.Span(
                                at.toEpochMilli(),
                                at.plusSeconds(writer.runSeconds()).toEpochMilli()));
                    }
                }
                Spans down = primaryDownSpans(now);
                connections = connections.stream()
                        .filter(c -> Spans.of(List.of(c)).minus(down).totalMillis() > 0)
                        .toList();
            }
            return connections;
        }

        private Scenario.SiteSpec siteOf(String region, String fileSystemId) {
            for (Scenario.SiteSpec site : List.of(scenario.primary(), scenario.dr())) {
                if (site.region().equals(region) && site.fileSystemId().equals(fileSystemId)) {
                    return site;
                }
            }
            return null;
        }
    }

    /**
     * When the file system accepted writes from the cluster's pods: while it was writable and one of
     * its pods existed whose mount may write and its containers had not ended (a pod in phase Failed
     * or Succeeded stays but writes nothing; one in phase Unknown or stuck terminating on a NotReady
     * node may still write). The EFS CSI driver mounts a pod's volume when the pod starts, before its
     * containers run, so a pod's mount is made at its creation ({@link #podMayWrite}).
     */
    private Spans writesOf(Scenario.SiteSpec site, KubernetesStandIn cluster) {
        Spans writable = writable(site.fileSystemId());
        Spans writers = Spans.EMPTY;
        for (var pod : cluster.podLifetimes()) {
            if (!podMayWrite(site.fileSystemId(), pod)) {
                continue;
            }
            writers = writers.union(Spans.of(
                    pod.createdAt().toEpochMilli(),
                    pod.writesUntil() == null
                            ? Long.MAX_VALUE
                            : pod.writesUntil().toEpochMilli()));
        }
        return writable.intersect(writers);
    }

    /**
     * Whether a pod can write to the file system for its whole life: not when it mounted while the
     * write fence was in effect for new mounts, which is only once the fence had propagated, and
     * until its removal had ({@link io.efsdr.sandbox.aws.EfsModel#mountRefusesWrites}). A pod that
     * mounted before the fence propagated writes on; one refused stays refused until it is
     * re-created.
     */
    public boolean podMayWrite(String fileSystemId, PodLifetime pod) {
        return !aws.efs().mountRefusesWrites(fileSystemId, pod.createdAt());
    }

    /**
     * The writes of the scenario's writers outside the plan on the primary file system until {@code
     * now}: one connection at the world's start and every {@code everySeconds} after, each writing
     * for {@code runSeconds} unless the write fence was in effect when it connected.
     */
    private Spans unplannedWrites(Instant now) {
        String fs = scenario.primary().fileSystemId();
        List<Spans.Span> spans = new ArrayList<>();
        for (Scenario.UnplannedWriter writer : scenario.unplannedWriters()) {
            for (Instant at = startedAt; !at.isAfter(now); at = at.plusSeconds(writer.everySeconds())) {
                if (!aws.efs().mountRefusesWrites(fs, at)) {
                    spans.add(new Spans.Span(
                            at.toEpochMilli(),
                            at.plusSeconds(writer.runSeconds()).toEpochMilli()));
                }
            }
        }
        return writable(fs).intersect(Spans.of(spans));
    }

    private Spans writable(String fileSystemId) {
        return Spans.of(aws.efs().writableHistory(fileSystemId).stream()
                .map(i -> new Spans.Span(
                        i.from().toEpochMilli(), i.to() == null ? Long.MAX_VALUE : i.to().toEpochMilli()))
                .toList());
    }

    /** Whether the primary region is down now. */
    public boolean primaryDown() {
        primaryLossIfDue();
        return primaryDownSince != null;
    }

    /** Whether the primary region was down and is up again (it returned, or a test brought it back). */
    public boolean primaryCameBack() {
        return !primaryDown() && !primaryDown.isEmpty();
    }

    private Spans primaryDownSpans(Instant now) {
        primaryLossIfDue();
        List<Spans.Span> down = new ArrayList<>(primaryDown);
        if (primaryDownSince != null) {
            down.add(new Spans.Span(primaryDownSince.toEpochMilli(), Long.MAX_VALUE));
        }
        return Spans.of(down);
    }

    /** The StorageClass parameters the scenario's plan asks for, for one file system. */
    public Map<String, String> storageClassParameters(String fileSystemId) {
        return new PlanValidator().validate(scenario.plan()).storageClass().parametersFor(fileSystemId);
    }

    /**
     * Records who can write now. Running pods try to
     * write at every change; a read-only file system refuses and counts it
     * ({@code aws().efs().refusedWrites(id)}), as a warm standby's pods would see.
     */
    public synchronized void observe() {
        primaryLossIfDue();
        boolean primaryUp = faults.isRegionReachable(scenario.primary().region());
        Observation observation = new Observation(
                clock.instant(),
                aws.efs().isWritable(scenario.primary().fileSystemId()),
                primaryUp ? primaryCluster.runningReplicas() : 0,
                aws.efs().isWritable(scenario.dr().fileSystemId()),
                drCluster.runningReplicas());
        if (!observations.isEmpty() && sameAs(observations.get(observations.size() - 1), observation)) {
            return;
        }
        observations.add(observation);
        if (observation.primaryRunning() > 0) {
            aws.efs().attemptWrite(scenario.primary().fileSystemId());
        }
        if (observation.drRunning() > 0) {
            aws.efs().attemptWrite(scenario.dr().fileSystemId());
        }
    }

    private static boolean sameAs(Observation a, Observation b) {
        return a.primaryWritable() == b.primaryWritable()
                && a.primaryRunning() == b.primaryRunning()
                && a.drWritable() == b.drWritable()
                && a.drRunning() == b.drRunning();
    }

    public Scenario scenario() {
        return scenario;
    }

    public VirtualClock clock() {
        return clock;
    }

    public FaultPlan faults() {
        return faults;
    }

    public AwsStandIn aws() {
        return aws;
    }

    public URI awsEndpoint() {
        return aws.endpoint();
    }

    public KubernetesStandIn primaryCluster() {
        return primaryCluster;
    }

    public KubernetesStandIn drCluster() {
        return drCluster;
    }

    public KubernetesStandIn cluster(String region) {
        return region.equals(scenario.primary().region()) ? primaryCluster : drCluster;
    }

    /** Every moment so far with writers in both regions; empty when the invariant held. */
    public List<String> invariantViolations() {
        return invariantViolationsSince(Instant.EPOCH);
    }

    /**
     * The spans with writers on both regions' writable file systems that began at or after {@code
     * since} (a state that was already broken before is the world's, not the workflow's: see {@link
     * #writersInBothNow()}), from the exact pod and file-system history, so a pod still terminating
     * while the other side became writable counts even if nobody looked at that moment.
     */
    public List<String> invariantViolationsSince(Instant since) {
        observe();
        GroundTruth.Result truth = groundTruth(scenario.dr().fileSystemId());
        return truth.splitBrain().spans().stream()
                // spans are kept in milliseconds: one that began in the millisecond the workflow started was
                // the world's already (a region that came back just before), not the workflow's doing
                .filter(span -> span.from() > since.toEpochMilli())
                .map(span -> Instant.ofEpochMilli(span.from()) + ": writers in both regions for "
                        + (span.to() - span.from()) / 1000.0 + " s ("
                        + scenario.primary().fileSystemId() + " and "
                        + scenario.dr().fileSystemId() + " both writable, pods on both sides)")
                .toList();
    }

    /** Whether both regions can write right now. */
    public boolean writersInBothNow() {
        observe();
        return observations.get(observations.size() - 1).writersInBoth();
    }

    /** The file systems as each region records them now. */
    public List<EfsFileSystemView> fileSystems() {
        return aws.efs().snapshot();
    }

    @Override
    public void close() {
        aws.close();
        primaryCluster.close();
        drCluster.close();
        if (managementCluster != null) {
            managementCluster.close();
        }
        routingControls.close();
    }
}
