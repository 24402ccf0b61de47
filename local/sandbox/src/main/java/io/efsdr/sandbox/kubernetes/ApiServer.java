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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server of one stand-in cluster: HTTPS with the cluster's own CA, EKS token
 * authentication, the {@link FaultPlan} asked before each request, discovery and OpenAPI documents,
 * field selectors and Tables on reads, and the routes ({@link ApiRoutes}) and watches ({@link
 * Watches}) over the model ({@link ClusterState}). Every answer is journalled in {@link
 * ClusterObservations}.
 */
final class ApiServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 32;

    private final String clusterName;
    private final String region;
    private final VirtualClock clock;
    private final FaultPlan faults;
    private final EksTokenVerifier verifier;
    private final ClusterState state;
    private final ApiRoutes routes;
    private final Watches watches;
    private final ClusterObservations observations;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<KubernetesStandIn> linked = new CopyOnWriteArrayList<>();
    private volatile Duration timeoutHold = Duration.ofSeconds(15);
    private HttpsServer server;
    private ExecutorService executor;
    private ClusterTls tls;
    private Duration tlsSetupTime = Duration.ZERO;

    ApiServer(
            String clusterName,
            String region,
            VirtualClock clock,
            FaultPlan faults,
            EksTokenVerifier verifier,
            ClusterState state,
            ApiRoutes routes,
            ClusterObservations observations) {
        this.clusterName = clusterName;
        this.region = region;
        this.clock = clock;
        this.faults = faults;
        this.verifier = verifier;
        this.state = state;
        this.routes = routes;
        this.observations = observations;
        this.watches = new Watches(routes, clock, this::evaluate);
    }

    /** Generates the cluster CA and server certificate and starts serving. */
    synchronized void start() throws IOException {
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
    }

    /** The API server URL, e.g. {@code https://127.0.0.1:43127}. */
    URI endpoint() {
        requireStarted();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Base64 of the CA certificate PEM, exactly as EKS returns {@code certificateAuthority.data}. */
    String certificateAuthorityData() {
        requireStarted();
        return tls.certificateAuthorityData();
    }

    /** How long generating the CA, server certificate and TLS context took at {@link #start()}. */
    Duration tlsSetupTime() {
        return tlsSetupTime;
    }

    synchronized void close() {
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

    /** Real time a {@link FaultKind#TIMEOUT} holds the exchange before dropping it. */
    void setTimeoutHold(Duration hold) {
        timeoutHold = hold;
    }

    void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Evaluates {@code other} before answering any request. */
    void evaluateWith(KubernetesStandIn other) {
        linked.add(other);
    }

    /** Evaluates the clusters given to {@link #evaluateWith}. */
    void evaluateLinked() {
        linked.forEach(KubernetesStandIn::evaluate);
    }

    private void handle(HttpExchange exchange) throws IOException {
        observations.entered();
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
            observations.record(request, response == null ? 0 : response.code());
            observations.left();
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
            observations.rejected(rejection.get());
            return Response.of(new ApiException(401, "Unauthorized", "Unauthorized"));
        }
        evaluateLinked();
        boolean statusChanged = state.evaluate();
        Response response;
        try {
            if (request.resource() == null) {
                response = Response.ok(new ApiRoutes.Routed(200, nonResource(request)));
            } else if (request.verb().equals("watch")) {
                response = watches.watch(request, exchange);
            } else {
                response = Response.ok(presented(
                        request,
                        exchange,
                        routes.route(request, exchange.getRequestHeaders().getFirst("Content-Type"), body)));
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
    private ApiRoutes.Routed presented(ApiRequest request, HttpExchange exchange, ApiRoutes.Routed routed)
            throws ApiException {
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
            return new ApiRoutes.Routed(routed.code(), body);
        }
        List<JsonNode> objects = new ArrayList<>();
        if (request.verb().equals("list")) {
            body.path("items").forEach(item -> objects.add(typed(request, item)));
        } else {
            objects.add(body);
        }
        return new ApiRoutes.Routed(
                200,
                Tables.table(
                        request.resource(),
                        objects,
                        body.path("metadata").path("resourceVersion").asText(""),
                        request.query().get("includeObject"),
                        clock.instant()));
    }

    /** An item of a list with the kind and apiVersion a get would give it (a list's items leave them out). */
    static ObjectNode typed(ApiRequest request, JsonNode item) {
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
            throw ApiRoutes.methodNotAllowed();
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

    /** Brings the cluster up to now; tells the change listeners when anything changed. */
    void evaluate() {
        if (state.evaluate()) {
            listeners.forEach(Runnable::run);
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

    /** Writes a streamed answer (a watch) until it ends. */
    interface Stream {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    record Response(int code, ObjectNode body, Map<String, String> headers, Stream stream) {
        Response(int code, ObjectNode body, Map<String, String> headers) {
            this(code, body, headers, null);
        }

        static Response ok(ApiRoutes.Routed routed) {
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
