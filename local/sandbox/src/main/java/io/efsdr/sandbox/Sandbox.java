package io.efsdr.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.PlanValidator;
import io.efsdr.sandbox.arc.RoutingControlStandIn;
import io.efsdr.sandbox.aws.AwsStandIn;
import io.efsdr.sandbox.aws.EfsFileSystemView;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import io.efsdr.sandbox.truth.GroundTruth;
import io.efsdr.sandbox.truth.Spans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    final Scenario scenario;
    /** The ground truth and the CloudWatch stand-in's metrics, from the sandbox's own records. */
    final SandboxGroundTruth truth = new SandboxGroundTruth(this);

    final VirtualClock clock = new VirtualClock();
    final FaultPlan faults = new FaultPlan();
    final AwsStandIn aws;
    final KubernetesStandIn primaryCluster;
    final KubernetesStandIn drCluster;
    /** The management cluster (issue 22), null when the scenario has none. */
    final KubernetesStandIn managementCluster;

    final RoutingControlStandIn routingControls;
    private final List<Observation> observations = new CopyOnWriteArrayList<>();
    /** When the primary region was down: every AWS and Kubernetes call to it failed, and its pods wrote nothing. */
    private final List<Spans.Span> primaryDown = new CopyOnWriteArrayList<>();

    volatile Instant primaryDownSince;
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
                new SandboxFixture(sandbox).seed();
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Instant startedAt;
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
    static String definition(String workflow) {
        Path file = projectRoot().resolve("statemachine/" + workflow + ".asl.json");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "{\"Comment\":\"the sandbox did not find " + file.toString().replace("\\", "/")
                    + "\",\"StartAt\":\"Unknown\",\"States\":{\"Unknown\":{\"Type\":\"Succeed\"}}}";
        }
    }

    /** The management cluster; null when the scenario has none. */
    public KubernetesStandIn managementCluster() {
        return managementCluster;
    }
    // ---- issue 22: end

    /**
     * The primary region comes back after an outage. Its pods either survived ({@code podsSurvived}:
     * they run again at once, as after a network partition) or were lost with the region (its
     * workloads restart at zero replicas).
     */
    public void primaryRegionRecovers(boolean podsSurvived) {
        primaryLossIfDue();
        if (!podsSurvived) {
            scenario.workloads().forEach(w -> new SandboxFixture(this).seedWorkload(primaryCluster, w, 0));
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
     * What really happened to the data until now, from the sandbox's own records ({@link
     * SandboxGroundTruth}).
     *
     * @param servingFileSystemId the file system that serves at the end
     */
    public GroundTruth.Result groundTruth(String servingFileSystemId) {
        return truth.groundTruth(servingFileSystemId);
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

    /** Whether the primary region is down now. */
    public boolean primaryDown() {
        primaryLossIfDue();
        return primaryDownSince != null;
    }

    /** Whether the primary region was down and is up again (it returned, or a test brought it back). */
    public boolean primaryCameBack() {
        return !primaryDown() && !primaryDown.isEmpty();
    }

    Spans primaryDownSpans(Instant now) {
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
