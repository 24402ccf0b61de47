package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for one EKS cluster's Kubernetes API server on {@code https://127.0.0.1:<port>}.
 *
 * <p>It serves the parts of the API a DR orchestrator uses (StorageClasses, Deployments and
 * StatefulSets with their {@code scale} subresource, their pods, PersistentVolumeClaims, self
 * subject access reviews), authenticates every request with an EKS bearer token (see {@link
 * EksTokenVerifier}), and asks the {@link FaultPlan} (service {@code kubernetes}, operation such as
 * {@code patch:scale}) before handling each request. Each workload owns pods that become Ready
 * after the readiness delay and, once deleted by a scale-down, keep running until their
 * termination grace period ends; all of it evaluated lazily from the {@link VirtualClock}.
 */
public final class KubernetesStandIn implements AutoCloseable {
    private final String clusterName;
    private final String region;
    private final VirtualClock clock;
    private final EksTokenVerifier verifier;
    private final ClusterState state;
    private final ClusterFixture fixture;
    private final ClusterObservations observations;
    private final HorizontalPodAutoscalers autoscalers = new HorizontalPodAutoscalers();
    private final ApiRoutes routes;
    private final ApiServer server;

    /**
     * @param credentials accepted AWS credentials, access key id to secret access key
     */
    public KubernetesStandIn(
            String clusterName, String region, VirtualClock clock, FaultPlan faults, Map<String, String> credentials) {
        this.clusterName = clusterName;
        this.region = region;
        this.clock = clock;
        this.verifier = new EksTokenVerifier(clusterName, region, clock, credentials);
        this.state = new ClusterState(clock);
        this.fixture = new ClusterFixture(state);
        this.observations = new ClusterObservations(clock, state);
        this.routes = new ApiRoutes(state, autoscalers);
        this.server = new ApiServer(clusterName, region, clock, faults, verifier, state, routes, observations);
    }

    /** Generates the cluster CA and server certificate and starts serving; returns this. */
    public KubernetesStandIn start() throws IOException {
        server.start();
        return this;
    }

    /** The API server URL, e.g. {@code https://127.0.0.1:43127}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Base64 of the CA certificate PEM, exactly as EKS returns {@code certificateAuthority.data}. */
    public String certificateAuthorityData() {
        return server.certificateAuthorityData();
    }

    /** How long generating the CA, server certificate and TLS context took at {@link #start()}. */
    public Duration tlsSetupTime() {
        return server.tlsSetupTime();
    }

    public String clusterName() {
        return clusterName;
    }

    public String region() {
        return region;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Also accepts EKS tokens valid by {@code clientClock}: see {@link EksTokenVerifier#acceptClientClock}. */
    public void acceptTokensByClientClock(Clock clientClock) {
        verifier.acceptClientClock(clientClock);
    }

    /** Also accepts this static bearer token: see {@link EksTokenVerifier#acceptStaticToken}. */
    public void acceptStaticToken(String token) {
        verifier.acceptStaticToken(token);
    }

    /** Virtual time from a pod's creation until it is Ready (default 5 s). */
    public void setReadinessDelay(Duration delay) {
        state.setReadinessDelay(delay);
    }

    /**
     * The pods' {@code terminationGracePeriodSeconds} (default 30 s, the API's default): a deleted
     * pod keeps running, and writing, that long before it is gone. Whole seconds only; applies to
     * pods created later and to pods not yet terminating.
     */
    public void setTerminationGrace(Duration grace) {
        evaluate();
        state.setTerminationGrace(grace);
    }

    /** Real time a {@link FaultKind#TIMEOUT} holds the exchange before dropping it (default 15 s). */
    public void setTimeoutHold(Duration hold) {
        server.setTimeoutHold(hold);
    }

    /**
     * What the caller may do; requests outside it get 403 and access reviews answer {@code
     * allowed=false}. Default: {@link AccessRule#ALL}.
     */
    public void setAccessRules(Collection<AccessRule> rules) {
        routes.setAccessRules(List.copyOf(rules));
    }

    /** Called after every successful write and whenever a workload's status catches up. */
    public void addChangeListener(Runnable listener) {
        server.addChangeListener(listener);
    }

    public void putStorageClass(String name, String provisioner, Map<String, String> parameters, String reclaimPolicy) {
        putStorageClass(name, provisioner, parameters, reclaimPolicy, List.of());
    }

    /** Seeds a StorageClass; {@code mountOptions} empty leaves the field out. */
    public void putStorageClass(
            String name,
            String provisioner,
            Map<String, String> parameters,
            String reclaimPolicy,
            List<String> mountOptions) {
        fixture.putStorageClass(name, provisioner, parameters, reclaimPolicy, mountOptions);
    }

    /**
     * Seeds a Deployment whose {@code replicas} pods have been running and Ready for a day. Seeding
     * over an existing Deployment replaces it; its pods are gone at once.
     */
    public void putDeployment(
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames) {
        putDeployment(namespace, name, replicas, labels, annotations, claimNames, List.of());
    }

    /**
     * Seeds a Deployment as above, with {@code ended} pods beside its running ones: Failed and
     * Succeeded ones stay and do not write; Unknown and stuck-terminating ones may write and stay
     * until force-deleted (see {@link EndedPod}).
     */
    public void putDeployment(
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> claimNames,
            List<EndedPod> ended) {
        evaluate();
        fixture.putWorkload(
                WorkloadKind.DEPLOYMENT, namespace, name, replicas, labels, annotations, claimNames, List.of(), ended);
    }

    /**
     * Seeds a HorizontalPodAutoscaler (autoscaling/v2) whose {@code scaleTargetRef} names the
     * workload. It is served for reading and never scales anything (see {@link GitOpsControllers}).
     */
    /**
     * Adds a GitOps controller (see {@link GitOpsControllers}) managing the workloads seeded after
     * this that {@code workload} names ({@code <namespace>/<Kind>/<name>} or {@code *}).
     *
     * @param kind {@code argocd} or {@code flux}
     */
    public void addController(
            String kind, String workload, long revertAfterSeconds, boolean ignoresReplicas, long cooldownSeconds) {
        state.addController(
                new GitOpsControllers.Spec(kind, workload, revertAfterSeconds, ignoresReplicas, cooldownSeconds));
    }

    /** A revert of a GitOps controller, from its own journal. */
    public record ControllerRevert(
            String controller, String namespace, String kind, String name, Instant at, String object) {}

    /** Every revert the GitOps controllers made, in time order. */
    public List<ControllerRevert> controllerReverts() {
        evaluate();
        return observations.controllerReverts();
    }

    public void putHorizontalPodAutoscaler(
            String namespace, String name, String workloadKind, String target, int minReplicas, int maxReplicas) {
        WorkloadKind kind = workloadKind.equals("StatefulSet") ? WorkloadKind.STATEFULSET : WorkloadKind.DEPLOYMENT;
        autoscalers.put(namespace, name, kind, target, minReplicas, maxReplicas, "1", clock.instant());
    }

    /**
     * Seeds a StatefulSet whose {@code replicas} pods have been running and Ready for a day. Seeding
     * over an existing StatefulSet replaces it; its pods are gone at once.
     */
    public void putStatefulSet(
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<VolumeClaimTemplate> templates) {
        putStatefulSet(namespace, name, replicas, labels, annotations, templates, List.of());
    }

    /**
     * Seeds a StatefulSet as above, with {@code ended} pods holding its highest ordinals: its
     * controller deletes and re-creates the Failed and Succeeded ones at once; Unknown and
     * stuck-terminating ones stay until force-deleted (see {@link EndedPod}).
     */
    public void putStatefulSet(
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<VolumeClaimTemplate> templates,
            List<EndedPod> ended) {
        evaluate();
        fixture.putWorkload(
                WorkloadKind.STATEFULSET, namespace, name, replicas, labels, annotations, List.of(), templates, ended);
    }

    /**
     * @param phase {@code Bound} or {@code Pending}
     * @param volumeName the bound PV, or null/empty
     */
    public void putPersistentVolumeClaim(
            String namespace, String name, String storageClassName, String phase, String volumeName) {
        putPersistentVolumeClaim(namespace, name, storageClassName, phase, volumeName, clock.instant());
    }

    /**
     * Seeds a claim with its {@code metadata.creationTimestamp}.
     *
     * @param phase {@code Bound} or {@code Pending}
     * @param volumeName the bound PV, or null/empty
     */
    public void putPersistentVolumeClaim(
            String namespace,
            String name,
            String storageClassName,
            String phase,
            String volumeName,
            Instant createdAt) {
        fixture.putClaim(namespace, name, storageClassName, phase, volumeName, createdAt);
    }

    public Optional<StorageClassView> storageClass(String name) {
        return state.storageClass(name);
    }

    public Optional<PersistentVolumeClaimView> persistentVolumeClaim(String namespace, String name) {
        return state.claim(namespace, name);
    }

    /** The workload as of now on the virtual clock. */
    public Optional<WorkloadView> workload(String namespace, WorkloadKind kind, String name) {
        evaluate();
        return state.workload(namespace, kind, name);
    }

    /** Every workload as of now on the virtual clock. */
    public List<WorkloadView> workloads() {
        evaluate();
        return state.workloads();
    }

    /**
     * Pods that exist as of now and may write, terminating ones and ones in phase Unknown included,
     * ended ones (Failed, Succeeded) not: who can write now. Not the sum of {@code status.replicas},
     * which for a Deployment leaves terminating pods out.
     */
    public int runningReplicas() {
        evaluate();
        return observations.runningReplicas();
    }

    /**
     * Every pod that ever existed in this cluster, seeded ones included, in creation order, with the
     * exact virtual times it was created and gone (null while it exists).
     */
    public List<PodLifetime> podLifetimes() {
        evaluate();
        return observations.podLifetimes();
    }

    /** Every change of a workload's {@code spec.replicas} since the world was seeded, in time order. */
    public List<ScaleChange> scaleChanges() {
        evaluate();
        return observations.scaleChanges();
    }

    /** Every request so far, in order of completion. */
    public List<ApiCall> calls() {
        return observations.calls();
    }

    /** Answers per HTTP status; {@code 0} counts connections dropped without an answer. */
    public Map<Integer, Integer> statusCounts() {
        return observations.statusCounts();
    }

    /** Refused bearer tokens per reason (the tokens themselves are never kept). */
    public Map<EksTokenVerifier.Rejection, Integer> rejectedTokens() {
        return observations.rejectedTokens();
    }

    /** The most requests ever handled at the same time. */
    public int maxConcurrentRequests() {
        return observations.maxConcurrentRequests();
    }

    /** Requests being handled right now. */
    public int concurrentRequests() {
        return observations.concurrentRequests();
    }

    /** The GitOps objects that live in this cluster, as of now, with their levers, status and journal. */
    public List<GitOpsObjectView> gitOpsObjects() {
        evaluate();
        server.evaluateLinked();
        return observations.gitOpsObjects();
    }

    /** One GitOps object as the stand-in holds it (see {@link GitOpsObject}). */
    public record GitOpsObjectView(
            String kind,
            String namespace,
            String name,
            String site,
            boolean leverOn,
            boolean inSync,
            int reverts,
            List<LeverChangeView> leverChanges) {}

    /** A lever set ({@code on}) or removed, by whom, and on which workload (a Kustomization's lever), else null. */
    public record LeverChangeView(Instant at, boolean on, String by, String workload) {}

    /**
     * Seeds a GitOps object in this cluster.
     *
     * @param kind {@code Application}, {@code Kustomization} or {@code HelmRelease}
     * @param site where it lives ({@code primary}, {@code dr}, {@code management}), for the report
     * @param spec its {@code spec}
     * @param annotations its annotations (a lever may be on from the start)
     */
    public GitOpsHandle putGitOpsObject(
            String kind, String namespace, String name, String site, ObjectNode spec, Map<String, String> annotations) {
        GitOpsObject object =
                new GitOpsObject(GitOpsObject.Kind.of(kind), namespace, name, site, spec, clock.instant(), 1);
        object.setAnnotations(annotations);
        fixture.putGitOpsObject(object);
        return new GitOpsHandle(object);
    }

    /** A seeded GitOps object, to register as managing workloads of a cluster ({@link #manageWorkload}). */
    public static final class GitOpsHandle {
        private final GitOpsObject object;

        private GitOpsHandle(GitOpsObject object) {
            this.object = object;
        }
    }

    /**
     * Registers {@code handle}'s object as managing this cluster's workload {@code
     * <namespace>/<Kind>/<name>}; call before seeding the workload. Its controllers (see {@link
     * #addController}) are then tied to the object's levers.
     */
    public void manageWorkload(String workload, GitOpsHandle handle) {
        fixture.manageWorkload(workload, handle.object);
    }

    /**
     * Evaluates {@code other} before answering any request (a management cluster's objects report the
     * state of workloads in the clusters they manage, which moves with the virtual clock there).
     */
    public void evaluateWith(KubernetesStandIn other) {
        server.evaluateWith(other);
    }

    /**
     * Seeds a ValidatingAdmissionPolicy and its ValidatingAdmissionPolicyBinding of the same name (as
     * {@code kubectl apply -f kubernetes/handover-policy.yaml} creates them). The stand-in serves them for
     * reading only: it does not evaluate their CEL (HandoverPolicyTest does, against the shipped file).
     */
    public void putValidatingAdmissionPolicy(String name) {
        routes.putValidatingAdmissionPolicy(name);
    }

    /** Brings this cluster up to now on the virtual clock; tells the change listeners when anything changed. */
    void evaluate() {
        server.evaluate();
    }
}
