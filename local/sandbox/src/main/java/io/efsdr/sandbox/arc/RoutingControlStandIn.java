package io.efsdr.sandbox.arc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.efsdr.sandbox.aws.CredentialScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An ARC routing control cluster: five regional endpoints, each its own loopback HTTP port, sharing
 * one set of routing control states, as the ARC developer guide describes a cluster ("a set of five
 * redundant Regional endpoints ... it returns the consensus view"). It speaks the Routing Control
 * API's wire format (service model route53-recovery-cluster-2019-12-02: JSON 1.0, {@code POST /},
 * {@code X-Amz-Target: ToggleCustomerAPI.<Operation>}): GetRoutingControlState and
 * UpdateRoutingControlStates (all entries applied together, or none), errors as {@code {"__type",
 * "message"}} with ResourceNotFoundException (404), ValidationException (400) and, for a request not
 * scoped to this endpoint's region and to {@code route53-recovery-cluster}, InvalidSignatureException
 * (403), like the other stand-ins checking the SigV4 credential scope.
 *
 * <p>An endpoint that is down is a port nothing listens on: a client's connection is refused, as
 * it is when an endpoint is unavailable. Every change is journaled.
 */
public final class RoutingControlStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE = "route53-recovery-cluster";
    static final String TARGET_PREFIX = "ToggleCustomerAPI.";

    /** One endpoint: its region, its URL, whether it answers. */
    public record Endpoint(String region, String url, boolean up) {}

    /** One change of a routing control's state, at the endpoint that made it. */
    public record Change(Instant at, String endpointRegion, String routingControlArn, String from, String to) {}

    private final Clock clock;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(
            4, Thread.ofPlatform().name("arc-stand-in-", 0).daemon().factory());

    /**
     * @param regions the cluster's endpoint regions, in the order the plan lists them
     * @param down the regions whose endpoints refuse connections
     */
    public RoutingControlStandIn(Clock clock, List<String> regions, List<String> down) {
        this.clock = clock;
        for (String region : regions) {
            if (down.contains(region)) {
                endpoints.add(new Endpoint(region, "http://127.0.0.1:" + closedPort() + "/v1", false));
                continue;
            }
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
                server.createContext("/", exchange -> handle(exchange, region));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                endpoints.add(new Endpoint(
                        region, "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", true));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the ARC endpoint for " + region, e);
            }
        }
    }

    /** Adds a routing control with its initial state ({@code On} or {@code Off}). */
    public synchronized void addRoutingControl(String arn, String name, String state) {
        states.put(arn, state);
        names.put(arn, name);
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** The routing controls' states now ({@code On}/{@code Off}), by ARN: the cluster's own record. */
    public synchronized Map<String, String> states() {
        return Map.copyOf(states);
    }

    /** Every change made, in order. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    private void handle(HttpExchange exchange, String region) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            CredentialScope scope =
                    CredentialScope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
            if (scope == null) {
                send(exchange, 403, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
                return;
            }
            if (!scope.service().equals(SERVICE) || !scope.region().equals(region)) {
                send(
                        exchange,
                        403,
                        error(
                                "InvalidSignatureException",
                                "Credential should be scoped to a valid region and service: expected " + region + "/"
                                        + SERVICE + ", got " + scope.region() + "/" + scope.service()));
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation =
                    target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
            JsonNode request;
            try {
                request = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
            } catch (IOException e) {
                send(exchange, 400, error("SerializationException", "the body is not JSON"));
                return;
            }
            switch (operation) {
                case "GetRoutingControlState" -> get(exchange, request);
                case "UpdateRoutingControlStates" -> update(exchange, request, region);
                default -> send(exchange, 400, error("UnknownOperationException", "Unknown operation " + target));
            }
        }
    }

    private synchronized void get(HttpExchange exchange, JsonNode request) throws IOException {
        String arn = request.path("RoutingControlArn").asText("");
        if (!states.containsKey(arn)) {
            send(exchange, 404, error("ResourceNotFoundException", "No routing control " + arn));
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("RoutingControlArn", arn)
                .put("RoutingControlState", states.get(arn))
                .put("RoutingControlName", names.get(arn));
        send(exchange, 200, answer);
    }

    private synchronized void update(HttpExchange exchange, JsonNode request, String region) throws IOException {
        JsonNode entries = request.path("UpdateRoutingControlStateEntries");
        if (!entries.isArray() || entries.isEmpty()) {
            send(exchange, 400, error("ValidationException", "UpdateRoutingControlStateEntries is required"));
            return;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String arn = entry.path("RoutingControlArn").asText("");
            String state = entry.path("RoutingControlState").asText("");
            if (!states.containsKey(arn)) {
                send(exchange, 404, error("ResourceNotFoundException", "No routing control " + arn));
                return;
            }
            if (!state.equals("On") && !state.equals("Off")) {
                send(exchange, 400, error("ValidationException", "RoutingControlState must be On or Off"));
                return;
            }
            wanted.put(arn, state);
        }
        Instant now = clock.instant();
        wanted.forEach((arn, state) -> {
            String before = states.put(arn, state);
            if (!state.equals(before)) {
                changes.add(new Change(now, region, arn, before, state));
            }
        });
        send(exchange, 200, JSON.createObjectNode());
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A loopback port nothing listens on (bound, then closed): a connection to it is refused. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
