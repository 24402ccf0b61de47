package io.efsdr.sandbox.kubernetes;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one stand-in cluster observed, for the drill's judge and the tests: the journals of the API
 * server (every call, answers per status, refused tokens, concurrency) and the ground truth of the
 * model (pods that may write, every pod's lifetime, every scale change, every GitOps revert and
 * lever change), read from the model's own records, never from what a client reported. The
 * ground-truth readers answer as of the last evaluation; {@link KubernetesStandIn} evaluates first.
 */
final class ClusterObservations {
    private final Clock clock;
    private final ClusterState state;
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, Integer> statusCounts = new TreeMap<>();
    private final Map<EksTokenVerifier.Rejection, Integer> rejections = new EnumMap<>(EksTokenVerifier.Rejection.class);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    ClusterObservations(Clock clock, ClusterState state) {
        this.clock = clock;
        this.state = state;
    }

    /** A request arrived. */
    void entered() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    /** A request was handled. */
    void left() {
        inFlight.decrementAndGet();
    }

    void rejected(EksTokenVerifier.Rejection rejection) {
        synchronized (rejections) {
            rejections.merge(rejection, 1, Integer::sum);
        }
    }

    /** Journals a request and its answer; {@code 0}: dropped without an answer. */
    void record(ApiRequest request, int status) {
        calls.add(new ApiCall(
                clock.instant(), request.method(), request.path(), request.operation(), status, request.mutating()));
        synchronized (statusCounts) {
            statusCounts.merge(status, 1, Integer::sum);
        }
    }

    List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    Map<Integer, Integer> statusCounts() {
        synchronized (statusCounts) {
            return Map.copyOf(statusCounts);
        }
    }

    Map<EksTokenVerifier.Rejection, Integer> rejectedTokens() {
        synchronized (rejections) {
            return Map.copyOf(rejections);
        }
    }

    int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    int concurrentRequests() {
        return inFlight.get();
    }

    int runningReplicas() {
        return state.podCount();
    }

    List<PodLifetime> podLifetimes() {
        return state.podLifetimes();
    }

    List<ScaleChange> scaleChanges() {
        return state.scaleChanges();
    }

    List<KubernetesStandIn.ControllerRevert> controllerReverts() {
        return state.controllerReverts().stream()
                .map(r -> new KubernetesStandIn.ControllerRevert(
                        r.controller(), r.namespace(), r.kind(), r.name(), r.at(), r.object()))
                .toList();
    }

    List<KubernetesStandIn.GitOpsObjectView> gitOpsObjects() {
        return state.gitOpsObjects().stream()
                .map(o -> new KubernetesStandIn.GitOpsObjectView(
                        o.kind.kind,
                        o.namespace,
                        o.name,
                        o.site,
                        o.leverOn(),
                        o.inSync(),
                        o.revertCount(),
                        o.leverChanges().stream()
                                .map(c -> new KubernetesStandIn.LeverChangeView(c.at(), c.on(), c.by(), c.workload()))
                                .toList()))
                .toList();
    }
}
