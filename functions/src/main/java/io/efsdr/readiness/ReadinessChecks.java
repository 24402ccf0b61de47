package io.efsdr.readiness;

import io.efsdr.efs.EfsApi;
import io.efsdr.efs.ReplicationView;
import io.efsdr.error.InvalidInputException;
import io.efsdr.gitops.HandOverChange;
import io.efsdr.gitops.HandOverLedger;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.kubernetes.AccessReview;
import io.efsdr.kubernetes.RequiredAccess;
import io.efsdr.kubernetes.ScalingController;
import io.efsdr.kubernetes.ScalingControllers;
import io.efsdr.kubernetes.StorageClassDrift;
import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.kubernetes.WorkloadVolumes;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunPreparation;
import io.efsdr.plan.Site;
import io.efsdr.plan.TrafficCheck;
import io.efsdr.plan.TrafficPlan;
import io.efsdr.plan.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/**
 * Answers "could the plan fail over right now?" without changing anything: replication fresh
 * within the RPO, the orchestrator's access to the DR cluster, the DR StorageClass, the DR
 * workloads and their claims, the access-point quota, and the active-region record. The checks run
 * side by side; each catches its own failure and reports it as FAIL with the reason, so one broken
 * dependency never hides the others. Every call is bounded by the clients' own timeouts.
 */
public final class ReadinessChecks {
    public static final String REPLICATION = "replication";
    public static final String DR_CLUSTER_ACCESS = "dr-cluster-access";
    public static final String DR_STORAGE_CLASS = "dr-storage-class";
    public static final String DR_WORKLOADS = "dr-workloads";
    public static final String ACCESS_POINTS = "access-points";
    public static final String ACTIVE_REGION = "active-region";
    public static final String TRAFFIC_RECORD = "traffic-record";
    public static final List<String> NAMES = List.of(
            REPLICATION,
            DR_CLUSTER_ACCESS,
            DR_STORAGE_CLASS,
            DR_WORKLOADS,
            ACCESS_POINTS,
            ACTIVE_REGION,
            TRAFFIC_RECORD);

    /** The EFS default quota of access points per file system. */
    static final int ACCESS_POINT_QUOTA = 10_000;

    static final int ACCESS_POINT_WARNING = ACCESS_POINT_QUOTA * 80 / 100;

    private final RunPreparation preparation;
    private final EfsApi fileSystems;
    private final AccessReview accessReview;
    private final StorageClassEnsurer storageClasses;
    private final VolumePreflight preflight;
    private final ScalingControllers controllers;
    private final ActiveRegion activeRegion;
    private final Clock clock;
    private final TrafficCheck trafficCheck;
    private final HandOverLedger handedOver;

    public ReadinessChecks(
            RunPreparation preparation,
            EfsApi fileSystems,
            AccessReview accessReview,
            StorageClassEnsurer storageClasses,
            VolumePreflight preflight,
            ScalingControllers controllers,
            ActiveRegion activeRegion,
            Clock clock) {
        this(
                preparation,
                fileSystems,
                accessReview,
                storageClasses,
                preflight,
                controllers,
                activeRegion,
                clock,
                TrafficCheck.NONE);
    }

    /** @param trafficCheck reads the plan's Route 53 record set (io.efsdr.traffic.RecordSetOwnership) */
    public ReadinessChecks(
            RunPreparation preparation,
            EfsApi fileSystems,
            AccessReview accessReview,
            StorageClassEnsurer storageClasses,
            VolumePreflight preflight,
            ScalingControllers controllers,
            ActiveRegion activeRegion,
            Clock clock,
            TrafficCheck trafficCheck) {
        this(
                preparation,
                fileSystems,
                accessReview,
                storageClasses,
                preflight,
                controllers,
                activeRegion,
                clock,
                trafficCheck,
                HandOverLedger.inMemory());
    }

    /** @param handedOver the GitOps hand-over's ledger (the fence record), reported while it holds changes */
    public ReadinessChecks(
            RunPreparation preparation,
            EfsApi fileSystems,
            AccessReview accessReview,
            StorageClassEnsurer storageClasses,
            VolumePreflight preflight,
            ScalingControllers controllers,
            ActiveRegion activeRegion,
            Clock clock,
            TrafficCheck trafficCheck,
            HandOverLedger handedOver) {
        this.handedOver = handedOver;
        this.trafficCheck = trafficCheck;
        this.preparation = preparation;
        this.fileSystems = fileSystems;
        this.accessReview = accessReview;
        this.storageClasses = storageClasses;
        this.preflight = preflight;
        this.controllers = controllers;
        this.activeRegion = activeRegion;
        this.clock = clock;
    }

    /** Runs every check once; never throws for a failed check (an unreadable plan fails them all). */
    public ReadinessFindings run() {
        DrPlan plan;
        try {
            plan = preparation.readPlan();
        } catch (RuntimeException e) {
            String reason = "not checked: the plan could not be read: " + e.getMessage();
            return new ReadinessFindings(
                    null,
                    NAMES.stream().map(name -> CheckResult.fail(name, reason)).toList());
        }
        Map<String, Supplier<CheckResult>> checks = Map.of(
                REPLICATION, () -> replication(plan),
                DR_CLUSTER_ACCESS, () -> drClusterAccess(plan),
                DR_STORAGE_CLASS, () -> drStorageClass(plan),
                DR_WORKLOADS, () -> drWorkloads(plan),
                ACCESS_POINTS, () -> accessPoints(plan),
                ACTIVE_REGION, () -> handOver(plan, activeRegion(plan)),
                TRAFFIC_RECORD, () -> trafficRecord(plan));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CheckResult>> futures = NAMES.stream()
                    .map(name -> executor.submit(() -> guarded(name, checks.get(name))))
                    .toList();
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < NAMES.size(); i++) {
                results.add(result(NAMES.get(i), futures.get(i)));
            }
            return new ReadinessFindings(plan, List.copyOf(results));
        }
    }

    private static CheckResult result(String name, Future<CheckResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, "could not check: interrupted");
        } catch (ExecutionException e) {
            return CheckResult.fail(name, "could not check: " + e.getCause());
        }
    }

    private static CheckResult guarded(String name, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return CheckResult.fail(name, "could not check: " + e.getMessage());
        }
    }

    /**
     * A Route 53 traffic switch's record set must be one the switch may change: FAIL when a failover
     * or weighted routing policy owns the name (Validate Plan refuses such a run), WARN when Route
     * 53's control plane (us-east-1) could not be read; OK otherwise, and when the plan switches
     * routing controls or nothing.
     */
    private CheckResult trafficRecord(DrPlan plan) {
        if (plan.traffic() == null || plan.traffic().type() != TrafficPlan.Type.ROUTE53) {
            return CheckResult.ok(
                    TRAFFIC_RECORD,
                    plan.traffic() == null
                            ? "the plan switches no traffic"
                            : "the plan switches routing controls (read when the switch runs)");
        }
        try {
            List<String> warnings = trafficCheck.check(plan);
            if (!warnings.isEmpty()) {
                return CheckResult.warn(TRAFFIC_RECORD, String.join("; ", warnings));
            }
        } catch (InvalidInputException e) {
            return CheckResult.fail(TRAFFIC_RECORD, e.getMessage());
        }
        return CheckResult.ok(
                TRAFFIC_RECORD,
                plan.traffic().recordName() + " " + plan.traffic().recordType()
                        + (plan.traffic().alias() ? " (alias)" : "") + " is a simple record set the switch may change");
    }

    /** The plan's primary -> DR replication among {@code views}, as the DR region records it. */
    private static Optional<ReplicationView> pair(DrPlan plan, List<ReplicationView> views) {
        return views.stream()
                .filter(v -> plan.primary().fileSystemId().equals(v.sourceFileSystemId())
                        && plan.dr().fileSystemId().equals(v.destinationFileSystemId()))
                .findFirst();
    }

    CheckResult replication(DrPlan plan) {
        Site primary = plan.primary();
        Site dr = plan.dr();
        List<ReplicationView> views = fileSystems.replications(dr.region(), dr.fileSystemId());
        Optional<ReplicationView> pair = pair(plan, views);
        if (pair.isEmpty()) {
            String since = (activeRegion == null ? Optional.<Instant>empty() : activeRegion.drUnprotectedSince())
                    .map(t -> " since " + t + ", when the failback's re-protection gave up")
                    .orElse("");
            return CheckResult.fail(
                    REPLICATION,
                    "DR not protected" + since + ": no replication " + primary.fileSystemId() + " -> "
                            + dr.fileSystemId() + " is recorded in " + dr.region()
                            + (views.isEmpty()
                                    ? ""
                                    : "; found instead: "
                                            + views.stream()
                                                    .map(v -> v.sourceFileSystemId() + " -> "
                                                            + v.destinationFileSystemId() + " " + v.status())
                                                    .collect(Collectors.joining(", "))));
        }
        ReplicationView view = pair.get();
        String age = view.lastReplicatedAt() == null
                ? "no sync completed yet"
                : "last sync "
                        + Duration.between(view.lastReplicatedAt(), clock.instant())
                                .toSeconds() + " s ago";
        if (view.status() != ReplicationStatus.ENABLED) {
            return CheckResult.fail(
                    REPLICATION,
                    "status " + view.status()
                            + (view.statusMessage() == null
                                            || view.statusMessage().isBlank()
                                    ? ""
                                    : " (" + view.statusMessage() + ")")
                            + ", " + age + "; RPO " + plan.rpoSeconds() + " s");
        }
        if (view.lastReplicatedAt() == null) {
            return CheckResult.fail(REPLICATION, "ENABLED, but " + age + ": nothing proves the DR copy is current");
        }
        long seconds =
                Duration.between(view.lastReplicatedAt(), clock.instant()).toSeconds();
        if (seconds > plan.rpoSeconds()) {
            return CheckResult.fail(REPLICATION, "ENABLED, " + age + ", over the RPO of " + plan.rpoSeconds() + " s");
        }
        return CheckResult.ok(REPLICATION, "ENABLED, " + age + " (RPO " + plan.rpoSeconds() + " s)");
    }

    CheckResult drClusterAccess(DrPlan plan) {
        TreeSet<String> namespaces = new TreeSet<>();
        plan.workloads().items().forEach(w -> namespaces.add(w.namespace()));
        if (plan.workloads().selector() != null) {
            namespaces.addAll(plan.workloads().selector().namespaces());
        }
        List<String> denied = new ArrayList<>(accessReview.denied(plan.dr(), namespaces, plan.kubernetesConcurrency()));
        denied.addAll(fluxAccessDenied(plan));
        if (denied.isEmpty()) {
            return CheckResult.ok(
                    DR_CLUSTER_ACCESS,
                    "every permission the workflows use is granted in "
                            + plan.dr().clusterName() + " (" + RequiredAccess.VERBS.size() + " kinds, namespaces "
                            + String.join(", ", namespaces) + ")");
        }
        return CheckResult.fail(
                DR_CLUSTER_ACCESS,
                denied.size() + " permission(s) denied in " + plan.dr().clusterName() + ": "
                        + String.join("; ", denied));
    }

    /**
     * The GitOps hand-over's Flux rights ({@link RequiredAccess#FLUX}) the orchestrator lacks in the DR
     * cluster, asked in the namespaces of the Kustomizations and HelmReleases that apply plan workloads
     * there; none asked when Flux applies none. (Argo CD's rights, {@link RequiredAccess#ARGO_CD}, belong
     * where the Applications live, possibly a management cluster: not asked here.) Workloads that cannot
     * be read are dr-workloads' to report.
     */
    private List<String> fluxAccessDenied(DrPlan plan) {
        TreeSet<String> fluxNamespaces = new TreeSet<>();
        try {
            controllers
                    .find(plan.dr(), preparation.resolveWorkloads(plan), plan.kubernetesConcurrency())
                    .values()
                    .stream()
                    .flatMap(List::stream)
                    .filter(c -> c.kind() == ScalingController.Kind.FLUX_KUSTOMIZATION
                            || c.kind() == ScalingController.Kind.FLUX_HELM_RELEASE)
                    .forEach(c -> fluxNamespaces.add(c.name().split("/", 2)[0]));
        } catch (RuntimeException e) {
            return List.of();
        }
        return fluxNamespaces.isEmpty()
                ? List.of()
                : accessReview.denied(plan.dr(), RequiredAccess.FLUX, fluxNamespaces, plan.kubernetesConcurrency());
    }

    CheckResult drStorageClass(DrPlan plan) {
        String name = plan.storageClass().name();
        StorageClassDrift drift = storageClasses.drift(plan.dr(), plan.primary(), plan.storageClass());
        if (!drift.present()) {
            return CheckResult.fail(
                    DR_STORAGE_CLASS,
                    "StorageClass " + name + " is missing in " + plan.dr().clusterName());
        }
        if (!drift.differences().isEmpty()) {
            return CheckResult.fail(
                    DR_STORAGE_CLASS,
                    "StorageClass " + name + " in " + plan.dr().clusterName() + " differs from "
                            + drift.reference() + " (DR value -> expected): "
                            + drift.differences().entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue())
                                    .collect(Collectors.joining("; ")));
        }
        return CheckResult.ok(
                DR_STORAGE_CLASS,
                "StorageClass " + name + " in " + plan.dr().clusterName() + " matches " + drift.reference()
                        + ", on its own file system " + plan.dr().fileSystemId());
    }

    CheckResult drWorkloads(DrPlan plan) {
        List<Workload> workloads = preparation.resolveWorkloads(plan);
        List<WorkloadVolumes> found =
                preflight.inspect(plan.dr(), plan.storageClass(), workloads, plan.kubernetesConcurrency());
        Instant lastSync = null;
        boolean writableWithoutReplication = false;
        try {
            Optional<ReplicationView> pair = pair(
                    plan, fileSystems.replications(plan.dr().region(), plan.dr().fileSystemId()));
            lastSync = pair.map(ReplicationView::lastReplicatedAt).orElse(null);
            // No replication into DR and protection ENABLED while the primary is the active region
            // (a failback's re-protection gave up): the DR file system is writable, so warm-standby
            // pods there would be writers.
            writableWithoutReplication = pair.isEmpty()
                    && (activeRegion == null
                            || activeRegion
                                    .read()
                                    .map(plan.primary().region()::equals)
                                    .orElse(true))
                    && fileSystems.protection(plan.dr().region(), plan.dr().fileSystemId())
                            == ReplicationOverwriteProtection.ENABLED;
        } catch (RuntimeException e) {
            // the replication check reports an unreadable replication; without a sync time no claim is flagged here
        }
        List<String> scaledBack = new ArrayList<>();
        List<String> policyMissing = new ArrayList<>();
        for (Site site : List.of(plan.primary(), plan.dr())) {
            Map<String, List<ScalingController>> onSite;
            try {
                onSite = controllers.find(site, workloads, plan.kubernetesConcurrency());
                ScalingControllers.describe(onSite).forEach(line -> scaledBack.add(site.clusterName() + " " + line));
            } catch (RuntimeException e) {
                scaledBack.add(site.clusterName() + ": could not look for controllers that scale workloads back: "
                        + e.getMessage());
                continue;
            }
            handoverPolicyProblem(site, onSite).ifPresent(policyMissing::add);
        }
        return WorkloadFindings.withHandoverPolicy(
                WorkloadFindings.withControllers(
                        WorkloadFindings.drWorkloads(
                                plan, workloads, found, lastSync, clock.instant(), writableWithoutReplication),
                        scaledBack),
                policyMissing);
    }

    /**
     * When Flux applies plan workloads in the site's cluster, the hand-over patches them (the
     * annotation kustomize.toolkit.fluxcd.io/reconcile), which the admission policy of
     * kubernetes/handover-policy.yaml must narrow: what is wrong with it there, if anything.
     */
    private Optional<String> handoverPolicyProblem(Site site, Map<String, List<ScalingController>> onSite) {
        if (!ScalingControllers.fluxManaged(onSite)) {
            return Optional.empty();
        }
        try {
            return switch (controllers.handoverPolicy(site)) {
                case PRESENT -> Optional.empty();
                case POLICY_MISSING ->
                    Optional.of(
                            site.clusterName() + " has no ValidatingAdmissionPolicy " + RequiredAccess.HANDOVER_POLICY);
                case BINDING_MISSING ->
                    Optional.of(site.clusterName() + " has the ValidatingAdmissionPolicy "
                            + RequiredAccess.HANDOVER_POLICY + " but no binding of it (it checks nothing)");
            };
        } catch (RuntimeException e) {
            return Optional.of(site.clusterName() + ": could not read the ValidatingAdmissionPolicy "
                    + RequiredAccess.HANDOVER_POLICY + ": " + e.getMessage());
        }
    }

    CheckResult accessPoints(DrPlan plan) {
        CheckStatus status = CheckStatus.OK;
        List<String> parts = new ArrayList<>();
        for (Site site : List.of(plan.primary(), plan.dr())) {
            String label = site.fileSystemId() + " (" + site.region() + ")";
            try {
                int count = fileSystems.accessPointCount(site.region(), site.fileSystemId());
                CheckStatus here = count >= ACCESS_POINT_QUOTA
                        ? CheckStatus.FAIL
                        : count >= ACCESS_POINT_WARNING ? CheckStatus.WARN : CheckStatus.OK;
                status = status.worst(here);
                parts.add(label + ": " + count + " of " + ACCESS_POINT_QUOTA + " (" + count * 100 / ACCESS_POINT_QUOTA
                        + " %)"
                        + (here == CheckStatus.FAIL
                                ? ", quota reached: new PVCs cannot be provisioned"
                                : here == CheckStatus.WARN ? ", over " + ACCESS_POINT_WARNING : ""));
            } catch (RuntimeException e) {
                status = CheckStatus.FAIL;
                parts.add(label + ": could not count: " + e.getMessage());
            }
        }
        return new CheckResult(ACCESS_POINTS, status, String.join("; ", parts));
    }

    /**
     * The active-region check with the GitOps hand-over: while the fence record holds levers a run set
     * (after a failover, until the failback gives them back), at least WARN, listing the workloads and
     * the change a person makes in Git so that Git says what the region that serves runs.
     */
    CheckResult handOver(DrPlan plan, CheckResult result) {
        List<HandOverChange> changes = handedOver.handedOver();
        if (changes.isEmpty()) {
            return result;
        }
        String serving = activeRegion.read().orElse(plan.primary().region());
        String detail = result.detail() + "; " + changes.size() + " GitOps lever(s) hold the plan's workloads"
                + " handed over (their controllers do not change their replicas until a failback gives them back): "
                + String.join(
                        "; ",
                        changes.stream()
                                .map(c -> c.describe() + " for " + String.join(", ", c.workloads()) + ", set by "
                                        + c.execution() + " at " + c.at() + "; Git change: " + c.gitChange(serving))
                                .toList());
        return new CheckResult(result.name(), result.status().worst(CheckStatus.WARN), detail, result.alert());
    }

    CheckResult activeRegion(DrPlan plan) {
        String activeRegionParameterName = activeRegion.parameterName();
        Optional<String> recorded = activeRegion.read();
        String region = recorded.map(String::trim).orElse(plan.primary().region());
        String source = recorded.isPresent()
                ? activeRegionParameterName + " records " + region
                : activeRegionParameterName + " is absent, so the primary " + region + " is taken as active";
        Site active;
        Site other;
        if (region.equals(plan.primary().region())) {
            active = plan.primary();
            other = plan.dr();
        } else if (region.equals(plan.dr().region())) {
            active = plan.dr();
            other = plan.primary();
        } else {
            return CheckResult.fail(
                    ACTIVE_REGION,
                    activeRegionParameterName + " records '" + region + "', which is neither plan region ("
                            + plan.primary().region() + ", " + plan.dr().region() + ")");
        }
        ReplicationOverwriteProtection protection = fileSystems.protection(active.region(), active.fileSystemId());
        if (protection == ReplicationOverwriteProtection.REPLICATING) {
            return CheckResult.fail(
                    ACTIVE_REGION,
                    source + ", but its file system " + active.fileSystemId()
                            + " is a replication destination (read-only): the record or the replication is wrong");
        }
        if (protection != ReplicationOverwriteProtection.ENABLED) {
            return CheckResult.fail(
                    ACTIVE_REGION,
                    source + ", but its file system " + active.fileSystemId()
                            + " is not writable (replication overwrite protection " + protection + ")");
        }
        ReplicationOverwriteProtection otherProtection;
        try {
            otherProtection = fileSystems.protection(other.region(), other.fileSystemId());
        } catch (RuntimeException e) {
            return CheckResult.ok(
                    ACTIVE_REGION,
                    source + "; its file system " + active.fileSystemId() + " is writable (" + other.region()
                            + " could not be read: " + e.getMessage() + ")");
        }
        if (otherProtection != ReplicationOverwriteProtection.ENABLED) {
            return CheckResult.ok(
                    ACTIVE_REGION,
                    source + "; its file system " + active.fileSystemId() + " is writable and " + other.fileSystemId()
                            + " in " + other.region() + " is " + otherProtection);
        }
        List<WorkloadVolumes> otherWorkloads;
        try {
            otherWorkloads = preflight.inspect(
                    other, plan.storageClass(), preparation.resolveWorkloads(plan), plan.kubernetesConcurrency());
        } catch (RuntimeException e) {
            otherWorkloads = null;
        }
        return WorkloadFindings.bothWritable(source, active, other, otherWorkloads);
    }
}
