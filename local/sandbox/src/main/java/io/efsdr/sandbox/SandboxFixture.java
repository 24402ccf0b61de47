package io.efsdr.sandbox;

import static io.efsdr.sandbox.Sandbox.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.kubernetes.RequiredAccess;
import io.efsdr.sandbox.aws.LambdaModel;
import io.efsdr.sandbox.aws.Route53Model;
import io.efsdr.sandbox.kubernetes.AccessRule;
import io.efsdr.sandbox.kubernetes.EndedPod;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import io.efsdr.sandbox.kubernetes.VolumeClaimTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeding: builds the world a {@link Scenario} describes in a new {@link Sandbox}'s stand-ins (file
 * systems, replication and its cadence, the plan and the state machines, traffic, StorageClasses,
 * workloads with their ended pods, claims, GitOps objects and controllers, faults).
 */
final class SandboxFixture {
    private final Sandbox sandbox;

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
            "validatingadmissionpolicies",
            "validatingadmissionpolicybindings",
            // issue 22: the GitOps objects
            "applications",
            "kustomizations",
            "helmreleases");

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

    SandboxFixture(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void seed() {
        sandbox.startedAt = sandbox.clock.instant();
        Scenario.SiteSpec primary = sandbox.scenario.primary();
        Scenario.SiteSpec dr = sandbox.scenario.dr();
        var efs = sandbox.aws.efs();
        efs.addFileSystem(primary.region(), primary.fileSystemId());
        efs.addFileSystem(dr.region(), dr.fileSystemId());
        efs.setReplicationLag(Duration.ofSeconds(sandbox.scenario.replicationLagSeconds()));
        efs.setSyncCadence(
                Duration.ofSeconds(sandbox.scenario.syncIntervalSeconds()),
                Duration.ofSeconds(sandbox.scenario.syncJitterSeconds()),
                sandbox.scenario.syncJitterSeed());
        efs.setPromotionDelay(Duration.ofSeconds(sandbox.scenario.promotionDelaySeconds()));
        efs.setSideDeletionSkew(Duration.ofSeconds(sandbox.scenario.sideDeletionSkewSeconds()));
        efs.setDeleteHangsWhileSourceDown(sandbox.scenario.deleteHangsWhileSourceDown());
        efs.setPolicyPropagation(Duration.ofSeconds(sandbox.scenario.policyPropagationSeconds()));
        sandbox.aws.cloudWatch().setPublishDelay(Duration.ofSeconds(sandbox.scenario.metricDelaySeconds()));
        sandbox.aws.cloudWatch().setSource(sandbox.truth);
        boolean drActive = sandbox.scenario.activeSide().equals("dr");
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
                    sandbox.startedAt);
        } else {
            efs.addReplication(primary.region(), primary.fileSystemId(), dr.region(), dr.fileSystemId());
            if (sandbox.scenario.replicationStatus() != null) {
                efs.setReplicationStatus(
                        primary.fileSystemId(), sandbox.scenario.replicationStatus(), "forced by the scenario");
            }
        }
        sandbox.scenario.accessPointCounts().forEach(efs::setAccessPointCount);
        sandbox.aws
                .eks()
                .registerCluster(
                        primary.region(),
                        primary.clusterName(),
                        sandbox.primaryCluster.endpoint(),
                        sandbox.primaryCluster.certificateAuthorityData());
        sandbox.aws
                .eks()
                .registerCluster(
                        dr.region(),
                        dr.clusterName(),
                        sandbox.drCluster.endpoint(),
                        sandbox.drCluster.certificateAuthorityData());
        if (sandbox.managementCluster != null) {
            sandbox.aws
                    .eks()
                    .registerCluster(
                            sandbox.scenario.management().region(),
                            sandbox.scenario.management().clusterName(),
                            sandbox.managementCluster.endpoint(),
                            sandbox.managementCluster.certificateAuthorityData());
        }
        seedTraffic(drActive);
        sandbox.aws.ssm().put(dr.region(), PLAN_PARAMETER, sandbox.plan().toString());
        sandbox.scenario
                .hookFunctions()
                .forEach((arn, function) -> sandbox.aws
                        .lambda()
                        .define(
                                arn,
                                new LambdaModel.Behaviour(
                                        function.fails(), function.delaySeconds(), function.duplicate())));
        sandbox.aws.events().putRule(dr.region(), GUARD_RULE, Duration.ofMinutes(1), GUARD_FUNCTION, false);
        sandbox.aws.sns().createTopic(dr.region(), TOPIC_NAME);
        for (String workflow : WORKFLOWS) {
            sandbox.aws
                    .stepFunctions()
                    .defineStateMachine(dr.region(), stateMachineName(workflow), Sandbox.definition(workflow));
        }
        if (sandbox.scenario.activeRegionRecord() != null) {
            sandbox.aws.ssm().put(dr.region(), ACTIVE_REGION_PARAMETER, sandbox.scenario.activeRegionRecord());
        }
        if (!sandbox.scenario.deniedVerbs().isEmpty()) {
            sandbox.drCluster.setAccessRules(accessRulesWithout(sandbox.scenario.deniedVerbs()));
            if (sandbox.managementCluster != null) {
                sandbox.managementCluster.setAccessRules(accessRulesWithout(sandbox.scenario.deniedVerbs()));
            }
        }
        Duration readiness = Duration.ofSeconds(sandbox.scenario.readinessDelaySeconds());
        Duration timeoutHold = Duration.ofSeconds(sandbox.scenario.timeoutHoldSeconds());
        sandbox.aws.setTimeoutHold(timeoutHold);
        sandbox.primaryCluster.setTimeoutHold(timeoutHold);
        sandbox.drCluster.setTimeoutHold(timeoutHold);
        for (KubernetesStandIn cluster : List.of(sandbox.primaryCluster, sandbox.drCluster)) {
            cluster.setReadinessDelay(readiness);
            cluster.setTerminationGrace(Duration.ofSeconds(sandbox.scenario.terminationGraceSeconds()));
            if (sandbox.scenario.handoverPolicy()) {
                cluster.putValidatingAdmissionPolicy(RequiredAccess.HANDOVER_POLICY);
            }
        }
        sandbox.primaryCluster.putStorageClass(
                "efs-sc",
                "efs.csi.aws.com",
                sandbox.storageClassParameters(primary.fileSystemId()),
                "Retain",
                sandbox.scenario.storageClassMountOptions());
        if (sandbox.scenario.storageClassPresent()) {
            Map<String, String> parameters = sandbox.scenario.storageClassParameters() != null
                    ? sandbox.scenario.storageClassParameters()
                    : sandbox.storageClassParameters(dr.fileSystemId());
            sandbox.drCluster.putStorageClass(
                    "efs-sc", "efs.csi.aws.com", parameters, "Retain", sandbox.scenario.storageClassMountOptions());
        }
        for (Scenario.ControllerSpec controller : sandbox.scenario.controllers()) {
            (controller.region().equals("dr") ? sandbox.drCluster : sandbox.primaryCluster)
                    .addController(
                            controller.kind(),
                            controller.workload(),
                            controller.revertAfterSeconds(),
                            controller.ignoresReplicas(),
                            controller.cooldownSeconds());
        }
        seedGitOpsObjects();
        for (Scenario.WorkloadSpec workload : sandbox.scenario.workloads()) {
            seedWorkload(sandbox.primaryCluster, workload, drActive ? 0 : workload.activeReplicas());
            seedWorkload(
                    sandbox.drCluster, workload, drActive ? workload.activeReplicas() : workload.standbyReplicas());
        }
        for (Scenario.FaultSpec fault : sandbox.scenario.faults()) {
            sandbox.faults.add(new FaultPlan.Fault(
                    fault.service(),
                    fault.operation(),
                    fault.region(),
                    FaultKind.parse(fault.error()),
                    fault.times(),
                    fault.every(),
                    fault.runs()));
        }
        sandbox.scenario.crashes().forEach(c -> sandbox.faults.addCrash(c.state(), c.times()));
        if (!sandbox.scenario.primaryReachable()) {
            sandbox.faults.setRegionReachable(primary.region(), false);
            sandbox.primaryDownSince = sandbox.clock.instant();
        }
        if (sandbox.scenario.primaryLostAfterSeconds() != null) {
            // Its ARC endpoint answers through the same fault plan, so it stops answering with the region.
            sandbox.faults.loseRegionAt(primary.region(), sandbox.primaryLostAt(), sandbox.clock);
        }
        sandbox.aws.addChangeListener(sandbox::observe);
        sandbox.primaryCluster.addChangeListener(sandbox::observe);
        sandbox.drCluster.addChangeListener(sandbox::observe);
        sandbox.observe();
    }

    /** The active side's traffic ON, the other's OFF, on both stand-ins (the plan uses one of them). */
    void seedTraffic(boolean drActive) {
        String active = drActive
                ? sandbox.scenario.dr().region()
                : sandbox.scenario.primary().region();
        for (Scenario.SiteSpec site : List.of(sandbox.scenario.primary(), sandbox.scenario.dr())) {
            sandbox.routingControls.addRoutingControl(
                    routingControlArn(site.region()),
                    "shop-" + site.region(),
                    site.region().equals(active) ? "On" : "Off");
        }
        sandbox.aws.route53().createHostedZone(HOSTED_ZONE);
        Scenario.Route53RecordSpec record = sandbox.scenario.route53RecordSet();
        switch (record.routingPolicy()) {
            case "simple" ->
                sandbox.aws
                        .route53()
                        .putRecordSet(
                                HOSTED_ZONE,
                                record.alias()
                                        ? Route53Model.RecordSet.alias(
                                                RECORD_NAME, record.type(), recordValue(active), aliasZone(active))
                                        : new Route53Model.RecordSet(
                                                RECORD_NAME, record.type(), 60, List.of(recordValue(active))));
            default -> {
                // Another routing policy owns the name: one set per region, told apart by SetIdentifier.
                for (Scenario.SiteSpec site : List.of(sandbox.scenario.primary(), sandbox.scenario.dr())) {
                    boolean on = site.region().equals(active);
                    boolean weighted = record.routingPolicy().equals("weighted");
                    sandbox.aws
                            .route53()
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

    void seedWorkload(KubernetesStandIn cluster, Scenario.WorkloadSpec workload, int replicas) {
        Instant claimCreated = sandbox.clock.instant().minusSeconds(workload.claimCreatedSecondsAgo());
        Map<String, String> labels = new TreeMap<>(workload.labels());
        labels.putAll(Map.of(Scenario.PART_OF_LABEL, "shop", "app", workload.name()));
        Map<String, String> annotations = new TreeMap<>(workload.annotations());
        annotations.putAll(Map.of(
                "dr.efsdr.io/active-replicas", String.valueOf(workload.activeReplicas()),
                "dr.efsdr.io/standby-replicas", String.valueOf(workload.standbyReplicas())));
        if (workload.wave() != null) {
            annotations.put("dr.efsdr.io/wave", String.valueOf(workload.wave()));
        }
        String side = cluster == sandbox.primaryCluster ? "primary" : "dr";
        for (Scenario.GitOpsObjectSpec object : sandbox.scenario.gitOpsObjectsSeeded()) {
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
    void seedGitOpsObjects() {
        for (Scenario.GitOpsObjectSpec object : sandbox.scenario.gitOpsObjectsSeeded()) {
            KubernetesStandIn home = switch (object.region()) {
                case "primary" -> sandbox.primaryCluster;
                case "dr" -> sandbox.drCluster;
                default -> sandbox.managementCluster;
            };
            KubernetesStandIn target =
                    object.destination().equals("primary") ? sandbox.primaryCluster : sandbox.drCluster;
            KubernetesStandIn.GitOpsHandle handle = home.putGitOpsObject(
                    object.kind(), object.namespace(), object.name(), object.region(), gitOpsSpec(object), Map.of());
            for (Scenario.WorkloadSpec workload : sandbox.scenario.workloads()) {
                if (object.manages(workload, object.destination())) {
                    target.manageWorkload(workload.id(), handle);
                }
            }
        }
    }

    /** Whether the object's controller entry says the orchestrator cannot see it ({@code tracked: false}). */
    private boolean untracked(Scenario.GitOpsObjectSpec object, Scenario.WorkloadSpec workload, String side) {
        return object.seeded()
                && sandbox.scenario.controllers().stream()
                        .filter(c -> c.kind().equals(object.controllerKind()) && c.manages(workload, side))
                        .noneMatch(Scenario.ControllerSpec::tracked);
    }

    private ObjectNode gitOpsSpec(Scenario.GitOpsObjectSpec object) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        boolean controlled = sandbox.scenario.controllers().stream()
                .anyMatch(c ->
                        c.kind().equals(object.controllerKind()) && c.region().equals(object.destination()));
        switch (object.kind()) {
            case "Application" -> {
                spec.put("project", "default");
                spec.putObject("source")
                        .put("repoURL", "https://git.example.com/shop/deploy.git")
                        .put("targetRevision", "main")
                        .put("path", object.destination());
                Scenario.SiteSpec site =
                        object.destination().equals("primary") ? sandbox.scenario.primary() : sandbox.scenario.dr();
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
        return sandbox.scenario.controllers().stream()
                .filter(c -> c.kind().equals("flux") && c.region().equals(object.destination()))
                .mapToLong(Scenario.ControllerSpec::revertAfterSeconds)
                .findFirst()
                .orElse(600);
    }

    /** The workload's ended pods that the scenario puts in this cluster's region. */
    private List<EndedPod> endedPods(KubernetesStandIn cluster, Scenario.WorkloadSpec workload) {
        String side = cluster == sandbox.primaryCluster ? "primary" : "dr";
        return workload.endedPods().stream()
                .filter(e -> e.region().equals("both") || e.region().equals(side))
                .map(e -> new EndedPod(e.phase(), e.reason(), e.terminatingOnNotReadyNode()))
                .toList();
    }
}
