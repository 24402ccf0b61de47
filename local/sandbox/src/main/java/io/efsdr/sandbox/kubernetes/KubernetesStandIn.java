package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 32;

    private final String clusterName;
    private final String region;
    private final VirtualClock clock;
    private final FaultPlan faults;
    private final EksTokenVerifier verifier;
    private final ClusterState state;
    private final HorizontalPodAutoscalers autoscalers = new HorizontalPodAutoscalers();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, Integer> statusCounts = new TreeMap<>();
    private final Map<EksTokenVerifier.Rejection, Integer> rejections = new EnumMap<>(EksTokenVerifier.Rejection.class);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile List<AccessRule> accessRules = List.of(AccessRule.ALL);
    private volatile Duration timeoutHold = Duration.ofSeconds(15);
    private HttpsServer server;
    private ExecutorService executor;
    private ClusterTls tls;
    private Duration tlsSetupTime = Duration.ZERO;

    /**
     * @param credentials accepted AWS credentials, access key id to secret access key
     */
    public KubernetesStandIn(
            String clusterName, String region, VirtualClock clock, FaultPlan faults, Map<String, String> credentials) {
        this.clusterName = clusterName;
        this.region = region;
        this.clock = clock;
        this.faults = faults;
        this.verifier = new EksTokenVerifier(clusterName, region, clock, credentials);
        this.state = new ClusterState(clock);
    }

    /** Generates the cluster CA and server certificate and starts serving; returns this. */
    public synchronized KubernetesStandIn start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        long begin = System.nanoTime();
        tls = ClusterTls.generate(clusterName);
        tlsSetupTime = Duration.ofNanos(System.nanoTime() - begin);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "k8s-" + clusterName + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The API server URL, e.g. {@code https://127.0.0.1:43127}. */
    public URI endpoint() {
        requireStarted();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Base64 of the CA certificate PEM, exactly as EKS returns {@code certificateAuthority.data}. */
    public String certificateAuthorityData() {
        requireStarted();
        return tls.certificateAuthorityData();
    }

    /** How long generating the CA, server certificate and TLS context took at {@link #start()}. */
    public Duration tlsSetupTime() {
        return tlsSetupTime;
    }

    public String clusterName() {
        return clusterName;
    }

    public String region() {
        return region;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        timeoutHold = hold;
    }

    /**
     * What the caller may do; requests outside it get 403 and access reviews answer {@code
     * allowed=false}. Default: {@link AccessRule#ALL}.
     */
    public void setAccessRules(Collection<AccessRule> rules) {
        accessRules = List.copyOf(rules);
    }

    /** Called after every successful write and whenever a workload's status catches up. */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
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
        state.putStorageClass(name, provisioner, parameters, reclaimPolicy, mountOptions);
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
        state.putWorkload(
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
        return state.controllerReverts().stream()
                .map(r -> new ControllerRevert(r.controller(), r.namespace(), r.kind(), r.name(), r.at(), r.object()))
                .toList();
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
        state.putWorkload(
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
        state.putClaim(namespace, name, storageClassName, phase, volumeName, createdAt);
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
        return state.podCount();
    }

    /**
     * Every pod that ever existed in this cluster, seeded ones included, in creation order, with the
     * exact virtual times it was created and gone (null while it exists).
     */
    public List<PodLifetime> podLifetimes() {
        evaluate();
        return state.podLifetimes();
    }

    /** Every change of a workload's {@code spec.replicas} since the world was seeded, in time order. */
    public List<ScaleChange> scaleChanges() {
        evaluate();
        return state.scaleChanges();
    }

    /** Every request so far, in order of completion. */
    public List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    /** Answers per HTTP status; {@code 0} counts connections dropped without an answer. */
    public Map<Integer, Integer> statusCounts() {
        synchronized (statusCounts) {
            return Map.copyOf(statusCounts);
        }
    }

    /** Refused bearer tokens per reason (the tokens themselves are never kept). */
    public Map<EksTokenVerifier.Rejection, Integer> rejectedTokens() {
        synchronized (rejections) {
            return Map.copyOf(rejections);
        }
    }

    /** The most requests ever handled at the same time. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** Requests being handled right now. */
    public int concurrentRequests() {
        return inFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        ApiRequest request = ApiRequest.parse(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery());
        Response response = null;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Optional<FaultKind> fault = faults.next("kubernetes", request.operation(), region);
            if (fault.isEmpty()) {
                response = answer(request, exchange, body);
            } else if (fault.get() == FaultKind.TIMEOUT) {
                hold();
            } else if (fault.get() != FaultKind.UNREACHABLE) {
                response = injected(fault.get());
            }
        } catch (RuntimeException e) {
            response =
                    Response.of(new ApiException(500, "InternalError", "Internal error occurred: " + e.getMessage()));
        } finally {
            record(request, response == null ? 0 : response.code());
            inFlight.decrementAndGet();
        }
        try (exchange) {
            if (response != null) {
                send(exchange, response);
            }
        }
    }

    private Response answer(ApiRequest request, HttpExchange exchange, byte[] body) {
        Optional<EksTokenVerifier.Rejection> rejection =
                verifier.check(exchange.getRequestHeaders().getFirst("Authorization"));
        if (rejection.isPresent()) {
            synchronized (rejections) {
                rejections.merge(rejection.get(), 1, Integer::sum);
            }
            return Response.of(new ApiException(401, "Unauthorized", "Unauthorized"));
        }
        linked.forEach(KubernetesStandIn::evaluate);
        boolean statusChanged = state.evaluate();
        Response response;
        try {
            if (request.resource() == null) {
                response = Response.ok(new Routed(200, nonResource(request)));
            } else if (request.verb().equals("watch")) {
                response = watch(request, exchange);
            } else {
                response = Response.ok(presented(request, exchange, route(request, exchange, body)));
            }
        } catch (ApiException e) {
            response = Response.of(e);
        }
        if (statusChanged || (request.mutating() && response.code() / 100 == 2)) {
            listeners.forEach(Runnable::run);
        }
        return response;
    }

    /**
     * What a client reads of a routed answer: a list filtered by the {@code fieldSelector}, and a
     * get or list as a Table when the Accept header asks for one.
     */
    private Routed presented(ApiRequest request, HttpExchange exchange, Routed routed) throws ApiException {
        boolean read = request.verb().equals("get") || request.verb().equals("list");
        if (!read || request.subresource() != null || routed.code() != 200) {
            return routed;
        }
        ObjectNode body = routed.body();
        if (request.verb().equals("list")) {
            FieldSelector fields = FieldSelector.parse(request.query().get("fieldSelector"), request.resource());
            if (!fields.isEmpty()) {
                body = body.deepCopy();
                var items = body.withArray("items").elements();
                while (items.hasNext()) {
                    if (!fields.matches(items.next())) {
                        items.remove();
                    }
                }
            }
        }
        if (!Tables.wanted(exchange.getRequestHeaders().getFirst("Accept"))) {
            return new Routed(routed.code(), body);
        }
        List<JsonNode> objects = new ArrayList<>();
        if (request.verb().equals("list")) {
            body.path("items").forEach(item -> objects.add(typed(request, item)));
        } else {
            objects.add(body);
        }
        return new Routed(
                200,
                Tables.table(
                        request.resource(),
                        objects,
                        body.path("metadata").path("resourceVersion").asText(""),
                        request.query().get("includeObject"),
                        clock.instant()));
    }

    /** An item of a list with the kind and apiVersion a get would give it (a list's items leave them out). */
    private static ObjectNode typed(ApiRequest request, JsonNode item) {
        ApiResources.Resource resource =
                ApiResources.byPlural(request.resource()).orElseThrow();
        ObjectNode typed =
                JSON.createObjectNode().put("kind", resource.kind()).put("apiVersion", resource.groupVersion());
        item.fields().forEachRemaining(e -> {
            if (!typed.has(e.getKey())) {
                typed.set(e.getKey(), e.getValue());
            }
        });
        return typed;
    }

    /**
     * {@code /version}, the discovery documents and the OpenAPI documents; anything else is 404 as
     * on a real API server.
     */
    private ObjectNode nonResource(ApiRequest request) throws ApiException {
        if (!request.method().equals("GET")) {
            throw methodNotAllowed();
        }
        String path = request.path().replaceAll("/+$", "");
        if (path.equals("/version")) {
            return ApiResources.version();
        }
        Optional<ObjectNode> discovery = ApiResources.discovery(path);
        if (discovery.isPresent()) {
            return discovery.get();
        }
        Optional<ObjectNode> openApi = OpenApi.document(path);
        if (openApi.isPresent()) {
            return openApi.get();
        }
        throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }

    private void authorize(ApiRequest request) throws ApiException {
        if (!request.resource().equals("selfsubjectaccessreviews")
                && accessRules.stream().noneMatch(r -> r.allows(request.verb(), request.rbacResource()))) {
            throw forbidden(request);
        }
    }

    private Routed route(ApiRequest request, HttpExchange exchange, byte[] body) throws ApiException {
        authorize(request);
        LabelSelector selector = LabelSelector.parse(request.query().get("labelSelector"));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return switch (request.resource()) {
            case "storageclasses" -> storageClasses(request, body, contentType, selector);
            case "deployments", "statefulsets" -> workloads(request, body, contentType, selector);
            case "persistentvolumeclaims" -> claims(request, selector);
            case "pods" -> pods(request, selector);
            case "namespaces" -> namespaces(request, selector);
            case "horizontalpodautoscalers" -> autoscalers(request);
            case "selfsubjectaccessreviews" -> accessReview(request, body, contentType);
            case "applications", "kustomizations", "helmreleases" ->
                gitOpsObjects(request, body, contentType, selector);
            default -> throw new IllegalStateException(request.resource());
        };
    }

    private Routed namespaces(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getNamespace(request.name()));
            case "list" -> new Routed(200, state.listNamespaces(selector));
            default -> throw methodNotAllowed();
        };
    }

    /**
     * {@code ?watch=true} on a collection (Kubernetes docs, "Kubernetes API Concepts", Efficient
     * detection of changes): a stream of newline-delimited WatchEvents ({@code ADDED}, {@code
     * MODIFIED}, {@code DELETED}) with the object in it, from {@code resourceVersion} on (absent or
     * {@code 0}: every object that exists first, as ADDED), filtered by the label and field
     * selectors, ending after {@code timeoutSeconds} (real seconds) or when the client goes away.
     * The stand-in's state changes lazily with the virtual clock, so the stream looks at it every
     * {@link #WATCH_POLL}; an object's resourceVersion moves on every change of it.
     */
    private Response watch(ApiRequest request, HttpExchange exchange) throws ApiException {
        authorize(request);
        ApiRequest list = request.asList();
        FieldSelector fields = FieldSelector.parse(request.query().get("fieldSelector"), request.resource());
        boolean table = Tables.wanted(exchange.getRequestHeaders().getFirst("Accept"));
        Map<String, ObjectNode> known = snapshot(list, exchange, fields);
        String since = request.query().getOrDefault("resourceVersion", "");
        long timeoutSeconds = parseLong(request.query().get("timeoutSeconds"), WATCH_DEFAULT_TIMEOUT.toSeconds());
        return Response.stream(out -> {
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            long lastWrite = System.nanoTime();
            Map<String, ObjectNode> seen = known;
            for (ObjectNode object : seen.values()) {
                long version = parseLong(
                        object.path("metadata").path("resourceVersion").asText(), 0);
                if (since.isEmpty() || since.equals("0")) {
                    event(out, "ADDED", object, request, table);
                } else if (version > parseLong(since, Long.MAX_VALUE)) {
                    event(out, "MODIFIED", object, request, table);
                }
            }
            out.flush();
            while (System.nanoTime() < deadline) {
                Thread.sleep(WATCH_POLL.toMillis());
                evaluate();
                Map<String, ObjectNode> now;
                try {
                    now = snapshot(list, exchange, fields);
                } catch (ApiException e) {
                    return;
                }
                boolean wrote = false;
                for (var entry : now.entrySet()) {
                    ObjectNode before = seen.get(entry.getKey());
                    if (before == null) {
                        event(out, "ADDED", entry.getValue(), request, table);
                        wrote = true;
                    } else if (!version(before).equals(version(entry.getValue()))) {
                        event(out, "MODIFIED", entry.getValue(), request, table);
                        wrote = true;
                    }
                }
                for (var entry : seen.entrySet()) {
                    if (!now.containsKey(entry.getKey())) {
                        event(out, "DELETED", entry.getValue(), request, table);
                        wrote = true;
                    }
                }
                seen = now;
                if (!wrote && System.nanoTime() - lastWrite > WATCH_KEEPALIVE.toNanos()) {
                    // Whitespace between JSON objects is skipped by the client's decoder; writing it finds a
                    // client that went away.
                    out.write('\n');
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        });
    }

    private static final Duration WATCH_POLL = Duration.ofMillis(100);
    private static final Duration WATCH_KEEPALIVE = Duration.ofSeconds(5);
    /** kube-apiserver's {@code --min-request-timeout} default: 1800 s (a real server adds up to as much again). */
    private static final Duration WATCH_DEFAULT_TIMEOUT = Duration.ofSeconds(1800);

    private Map<String, ObjectNode> snapshot(ApiRequest list, HttpExchange exchange, FieldSelector fields)
            throws ApiException {
        LabelSelector selector = LabelSelector.parse(list.query().get("labelSelector"));
        ObjectNode body = switch (list.resource()) {
            case "storageclasses" ->
                storageClasses(list, new byte[0], null, selector).body();
            case "deployments", "statefulsets" ->
                workloads(list, new byte[0], null, selector).body();
            case "persistentvolumeclaims" -> claims(list, selector).body();
            case "pods" -> pods(list, selector).body();
            case "namespaces" -> namespaces(list, selector).body();
            case "horizontalpodautoscalers" -> autoscalers(list).body();
            default -> throw methodNotAllowed();
        };
        Map<String, ObjectNode> objects = new TreeMap<>();
        for (JsonNode item : body.path("items")) {
            if (fields.matches(item)) {
                JsonNode metadata = item.path("metadata");
                objects.put(
                        metadata.path("namespace").asText("") + "/"
                                + metadata.path("name").asText(),
                        typed(list, item));
            }
        }
        return objects;
    }

    private static String version(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }

    private void event(OutputStream out, String type, ObjectNode object, ApiRequest request, boolean table)
            throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set(
                "object",
                table
                        ? Tables.table(
                                request.resource(),
                                List.of(object),
                                version(object),
                                request.query().get("includeObject"),
                                clock.instant())
                        : object);
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
    }

    private static long parseLong(String text, long otherwise) {
        try {
            return text == null || text.isEmpty() ? otherwise : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The fields of a StorageClass (Kubernetes API reference, StorageClass v1 storage.k8s.io). */
    private static final Set<String> STORAGE_CLASS_FIELDS = Set.of(
            "apiVersion",
            "kind",
            "metadata",
            "provisioner",
            "parameters",
            "reclaimPolicy",
            "mountOptions",
            "allowVolumeExpansion",
            "volumeBindingMode",
            "allowedTopologies");

    /**
     * {@code ?fieldValidation=Strict} (what kubectl sends once the OpenAPI document says the server
     * validates): an unknown top-level field is a 400 (Kubernetes docs, "Kubernetes API Concepts",
     * Field validation); strategic-merge directives ({@code $patch}, {@code $retainKeys}...) are not fields.
     */
    private static void validateFields(ApiRequest request, byte[] body) throws ApiException {
        if (!"Strict".equals(request.query().get("fieldValidation")) || body.length == 0) {
            return;
        }
        JsonNode object = parse(body);
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!field.startsWith("$") && !STORAGE_CLASS_FIELDS.contains(field)) {
                throw ApiException.badRequest("StorageClass in version \"v1\" cannot be handled as a StorageClass:"
                        + " strict decoding error: unknown field \"" + field + "\"");
            }
        }
    }

    private Routed storageClasses(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        String name = request.name();
        if (request.mutating() && !request.verb().equals("delete")) {
            validateFields(request, body);
        }
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getStorageClass(name));
            case "list" -> new Routed(200, state.listStorageClasses(selector));
            case "create" -> new Routed(201, state.createStorageClass(parse(body)));
            case "update" -> new Routed(200, state.updateStorageClass(name, parse(body)));
            case "patch" -> new Routed(200, state.patchStorageClass(name, patch(body, contentType)));
            case "delete" -> new Routed(200, state.deleteStorageClass(name));
            default -> throw methodNotAllowed();
        };
    }

    private Routed workloads(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        WorkloadKind kind = WorkloadKind.ofResource(request.resource());
        String ns = request.namespace();
        String name = request.name();
        if (request.subresource() == null) {
            return switch (request.verb()) {
                case "get" -> new Routed(200, state.getWorkload(kind, ns, name));
                case "list" -> new Routed(200, state.listWorkloads(kind, ns, selector));
                case "patch" -> new Routed(200, state.patchWorkload(kind, ns, name, patch(body, contentType)));
                default -> throw methodNotAllowed();
            };
        }
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getScale(kind, ns, name));
            case "patch" ->
                new Routed(
                        200,
                        state.patchScale(kind, ns, name, patch(body, contentType))
                                .body());
            case "update" ->
                new Routed(200, state.updateScale(kind, ns, name, parse(body)).body());
            default -> throw methodNotAllowed();
        };
    }

    // ---- issue 22, GitOps objects: begin
    /** GET, list and merge-PATCH of Applications, Kustomizations and HelmReleases. */
    private Routed gitOpsObjects(ApiRequest request, byte[] body, String contentType, LabelSelector selector)
            throws ApiException {
        return switch (request.verb()) {
            case "get" ->
                new Routed(200, state.getGitOpsObject(request.resource(), request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listGitOpsObjects(request.resource(), request.namespace(), selector));
            case "patch" ->
                new Routed(
                        200,
                        state.patchGitOpsObject(
                                request.resource(),
                                request.namespace(),
                                request.name(),
                                customResourcePatch(body, contentType)));
            default -> throw methodNotAllowed();
        };
    }

    /**
     * A JSON merge patch only: a custom resource does not support strategic merge patch (Kubernetes
     * docs, "Update API Objects in Place Using kubectl patch": "Strategic merge patch is not supported
     * for custom resources"), answered 415 as the API server does. (A real server also takes a JSON
     * patch and a server-side apply; the stand-in serves neither, and says so.)
     */
    private static JsonNode customResourcePatch(byte[] body, String contentType) throws ApiException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!type.equals("application/merge-patch+json")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include:"
                            + " application/merge-patch+json (the sandbox's stand-in serves no other patch of a"
                            + " custom resource)");
        }
        return parse(body);
    }

    /** The GitOps objects that live in this cluster, as of now, with their levers, status and journal. */
    public List<GitOpsObjectView> gitOpsObjects() {
        evaluate();
        linked.forEach(KubernetesStandIn::evaluate);
        return state.gitOpsObjects().stream()
                .map(o -> new GitOpsObjectView(
                        o.kind.kind,
                        o.namespace,
                        o.name,
                        o.site,
                        o.leverOn(),
                        o.inSync(),
                        o.revertCount(),
                        o.leverChanges().stream()
                                .map(c -> new LeverChangeView(c.at(), c.on(), c.by(), c.workload()))
                                .toList()))
                .toList();
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
        state.putGitOpsObject(object);
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
        state.manageWorkload(workload, handle.object);
    }

    private final List<KubernetesStandIn> linked = new CopyOnWriteArrayList<>();

    /**
     * Evaluates {@code other} before answering any request (a management cluster's objects report the
     * state of workloads in the clusters they manage, which moves with the virtual clock there).
     */
    public void evaluateWith(KubernetesStandIn other) {
        linked.add(other);
    }
    // ---- issue 22: end

    private Routed claims(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getClaim(request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listClaims(request.namespace(), selector));
            default -> throw methodNotAllowed();
        };
    }

    private Routed pods(ApiRequest request, LabelSelector selector) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, state.getPod(request.namespace(), request.name()));
            case "list" -> new Routed(200, state.listPods(request.namespace(), selector));
            default -> throw methodNotAllowed();
        };
    }

    private Routed autoscalers(ApiRequest request) throws ApiException {
        return switch (request.verb()) {
            case "get" -> new Routed(200, autoscalers.get(request.namespace(), request.name()));
            case "list" -> new Routed(200, autoscalers.list(request.namespace()));
            default -> throw methodNotAllowed();
        };
    }

    private Routed accessReview(ApiRequest request, byte[] body, String contentType) throws ApiException {
        if (!request.verb().equals("create")) {
            throw methodNotAllowed();
        }
        JsonNode review =
                ProtobufAccessReview.isProtobuf(contentType) ? ProtobufAccessReview.decode(body) : parse(body);
        JsonNode attributes = review.path("spec").path("resourceAttributes");
        if (!attributes.isObject()) {
            throw ClusterState.invalid(
                    "SelfSubjectAccessReview",
                    "authorization.k8s.io",
                    "",
                    "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes"
                            + " or resourceAttributes must be specified");
        }
        String resource = attributes.path("resource").asText("");
        String subresource = attributes.path("subresource").asText("");
        String verb = attributes.path("verb").asText("");
        String rbacResource = subresource.isEmpty() ? resource : resource + "/" + subresource;
        boolean allowed = accessRules.stream().anyMatch(r -> r.allows(verb, rbacResource));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("kind", "SelfSubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
        answer.putObject("metadata").putNull("creationTimestamp");
        answer.set("spec", review.path("spec"));
        ObjectNode status = answer.putObject("status").put("allowed", allowed);
        if (allowed) {
            status.put("reason", "RBAC: allowed by the stand-in's access rules");
        }
        return new Routed(201, answer);
    }

    private static JsonNode patch(byte[] body, String contentType) throws ApiException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!type.equals("application/merge-patch+json") && !type.equals("application/strategic-merge-patch+json")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include:"
                            + " application/merge-patch+json, application/strategic-merge-patch+json");
        }
        return parse(body);
    }

    private static JsonNode parse(byte[] body) throws ApiException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body of the request was in an unknown format");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request was in an unknown format");
        }
    }

    private static ApiException methodNotAllowed() {
        return new ApiException(
                405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    private static ApiException forbidden(ApiRequest request) {
        String qualified = request.group().isEmpty() ? request.resource() : request.resource() + "." + request.group();
        String target = request.name() == null ? qualified : qualified + " \"" + request.name() + "\"";
        String scope = request.namespace() == null
                ? " at the cluster scope"
                : " in the namespace \"" + request.namespace() + "\"";
        return new ApiException(
                403,
                "Forbidden",
                target
                        + " is forbidden: User \"dr-orchestrator\" cannot "
                        + request.verb()
                        + " resource \""
                        + request.rbacResource()
                        + "\" in API group \""
                        + request.group()
                        + "\""
                        + scope,
                ApiException.details(request.name(), request.group(), request.resource()));
    }

    private Response injected(FaultKind kind) {
        return switch (kind) {
            case THROTTLING -> {
                ObjectNode details = JSON.createObjectNode().put("retryAfterSeconds", 1);
                yield new Response(
                        429,
                        ApiException.status(
                                429, "TooManyRequests", "Too many requests, please try again later.", details),
                        Map.of("Retry-After", "1"));
            }
            case SERVER_ERROR ->
                Response.of(new ApiException(500, "InternalError", "Internal error occurred: injected fault"));
            case CONFLICT ->
                Response.of(new ApiException(
                        409,
                        "Conflict",
                        "Operation cannot be fulfilled: the object has been modified; please apply your"
                                + " changes to the latest version and try again"));
            case TIMEOUT, UNREACHABLE -> throw new IllegalArgumentException(kind.name());
        };
    }

    private void hold() {
        try {
            Thread.sleep(timeoutHold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void evaluate() {
        if (state.evaluate()) {
            listeners.forEach(Runnable::run);
        }
    }

    private void record(ApiRequest request, int status) {
        calls.add(new ApiCall(
                clock.instant(), request.method(), request.path(), request.operation(), status, request.mutating()));
        synchronized (statusCounts) {
            statusCounts.merge(status, 1, Integer::sum);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.stream() != null) {
            exchange.sendResponseHeaders(response.code(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                response.stream().write(out);
            } catch (IOException e) {
                // the client went away: the watch ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(response.body());
        exchange.sendResponseHeaders(response.code(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
    }

    private record Routed(int code, ObjectNode body) {}

    /** Writes a streamed answer (a watch) until it ends. */
    private interface Stream {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private record Response(int code, ObjectNode body, Map<String, String> headers, Stream stream) {
        Response(int code, ObjectNode body, Map<String, String> headers) {
            this(code, body, headers, null);
        }

        static Response ok(Routed routed) {
            return new Response(routed.code(), routed.body(), Map.of());
        }

        static Response of(ApiException e) {
            return new Response(e.code(), e.toStatus(), Map.of());
        }

        static Response stream(Stream stream) {
            return new Response(200, null, Map.of(), stream);
        }
    }
}
