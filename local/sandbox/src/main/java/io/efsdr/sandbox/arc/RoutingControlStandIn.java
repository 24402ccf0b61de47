package io.efsdr.sandbox.arc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
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
import java.util.Optional;
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
 * it is when an endpoint is unavailable. An endpoint that hangs accepts the connection, takes the
 * request and never answers; what it was asked to change is applied first (pessimistic: the request
 * reached the cluster, and only its answer is lost). A {@code timeout} fault on this service does
 * the same for one call. Every change and every request is journaled.
 *
 * <p>Safety rules ({@link SafetyRule}) are evaluated as ARC does for each UpdateRoutingControlStates
 * (Route 53 ARC developer guide, "Safety rules"; CreateSafetyRule): an assertion rule must hold over
 * its AssertedControls after the transaction; a gating rule's GatingControls must hold before any
 * of its TargetControls is set or unset (the gate is a switch a person opens first); and during a
 * rule's {@code WaitPeriodMs} after a change of its controls "any request against the target routing
 * controls will fail". A refused update changes nothing and answers HTTP 409 {@code ConflictException}
 * ({@code message}, {@code resourceId}, {@code resourceType}: Routing Control API reference, errors
 * of UpdateRoutingControlStates) whose message and {@code resourceId} name the rule's ARN. The
 * service's exact wording is not documented; the model keeps what a client can rely on: the code
 * and the rule's ARN.
 */
public final class RoutingControlStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE = "route53-recovery-cluster";
    static final String TARGET_PREFIX = "ToggleCustomerAPI.";

    /** One endpoint: its region, its URL, whether it answers. */
    public record Endpoint(String region, String url, boolean up) {}

    /** One change of a routing control's state, at the endpoint that made it. */
    public record Change(Instant at, String endpointRegion, String routingControlArn, String from, String to) {}

    /**
     * One request an endpoint received: its operation and how it answered ({@code 200}, an error code
     * such as {@code ConflictException}, or {@code no answer}); {@code safetyRule} the ARN of the rule
     * that refused it, if one did.
     */
    public record Call(Instant at, String endpointRegion, String operation, String answer, String safetyRule) {}

    /** The AWS signing name a scenario's {@code faults} use for this service. */
    public static final String FAULT_SERVICE = SERVICE;

    private final Clock clock;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> hanging;
    private final List<SafetyRule> rules;
    private final FaultPlan faults;
    /** When each rule's controls last changed (its wait period starts then), by rule ARN. */
    private final Map<String, Instant> ruleChangedAt = new LinkedHashMap<>();
    /** Exchanges that will never be answered; closed when the stand-in stops. */
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();

    private final ExecutorService executor = Executors.newFixedThreadPool(
            4, Thread.ofPlatform().name("arc-stand-in-", 0).daemon().factory());

    /**
     * @param regions the cluster's endpoint regions, in the order the plan lists them
     * @param down the regions whose endpoints refuse connections
     */
    public RoutingControlStandIn(Clock clock, List<String> regions, List<String> down) {
        this(clock, regions, down, List.of(), List.of(), new FaultPlan());
    }

    /**
     * @param hanging the regions whose endpoints accept connections and never answer
     * @param rules the control panel's safety rules
     * @param faults faults for service {@value #SERVICE}, by operation and endpoint region
     */
    public RoutingControlStandIn(
            Clock clock,
            List<String> regions,
            List<String> down,
            List<String> hanging,
            List<SafetyRule> rules,
            FaultPlan faults) {
        this.clock = clock;
        this.hanging = List.copyOf(hanging);
        this.rules = List.copyOf(rules);
        this.faults = faults;
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

    /** Every request the endpoints received (signed for them), in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests of one operation, in order. */
    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    public List<SafetyRule> safetyRules() {
        return rules;
    }

    private void handle(HttpExchange exchange, String region) throws IOException {
        boolean answered = true;
        try {
            answered = serve(exchange, region);
        } finally {
            if (answered) {
                exchange.close();
            }
        }
    }

    /** Serves one request; false when it is held without an answer (a hanging endpoint, a timeout fault). */
    private boolean serve(HttpExchange exchange, String region) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        CredentialScope scope =
                CredentialScope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
        if (scope == null) {
            send(exchange, 403, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
            return true;
        }
        if (!scope.service().equals(SERVICE) || !scope.region().equals(region)) {
            send(
                    exchange,
                    403,
                    error(
                            "InvalidSignatureException",
                            "Credential should be scoped to a valid region and service: expected " + region + "/"
                                    + SERVICE + ", got " + scope.region() + "/" + scope.service()));
            return true;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation =
                target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
        JsonNode request;
        try {
            request = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        } catch (IOException e) {
            send(exchange, 400, error("SerializationException", "the body is not JSON"));
            return true;
        }
        Optional<FaultKind> fault = faults.next(SERVICE, operation, region);
        boolean hangs = hanging.contains(region) || fault.equals(Optional.of(FaultKind.TIMEOUT));
        Answer answer;
        if (fault.isPresent() && !hangs) {
            answer = switch (fault.get()) {
                case THROTTLING -> new Answer(429, error("ThrottlingException", "Rate exceeded"), null);
                case CONFLICT ->
                    new Answer(
                            409,
                            error("ConflictException", "There was a conflict with this request. Try again."),
                            null);
                case UNREACHABLE -> null;
                default -> new Answer(500, error("InternalServerException", "internal error"), null);
            };
            if (answer == null) {
                calls.add(new Call(clock.instant(), region, operation, "connection closed", null));
                exchange.close();
                return false;
            }
        } else {
            answer = switch (operation) {
                case "GetRoutingControlState" -> get(request);
                case "UpdateRoutingControlStates" -> update(request, region);
                default -> new Answer(400, error("UnknownOperationException", "Unknown operation " + target), null);
            };
        }
        if (hangs) {
            // Accepted, perhaps applied, never answered: the client's own timeout is the only bound.
            calls.add(new Call(clock.instant(), region, operation, "no answer", answer.safetyRule()));
            held.add(exchange);
            return false;
        }
        calls.add(new Call(
                clock.instant(),
                region,
                operation,
                answer.status() == 200 ? "200" : answer.body().path("__type").asText(),
                answer.safetyRule()));
        send(exchange, answer.status(), answer.body());
        return true;
    }

    /** What an endpoint answers: the HTTP status, the JSON body, the safety rule that refused it. */
    private record Answer(int status, ObjectNode body, String safetyRule) {}

    private synchronized Answer get(JsonNode request) {
        String arn = request.path("RoutingControlArn").asText("");
        if (!states.containsKey(arn)) {
            return new Answer(404, error("ResourceNotFoundException", "No routing control " + arn), null);
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("RoutingControlArn", arn)
                .put("RoutingControlState", states.get(arn))
                .put("RoutingControlName", names.get(arn));
        return new Answer(200, answer, null);
    }

    private synchronized Answer update(JsonNode request, String region) {
        JsonNode entries = request.path("UpdateRoutingControlStateEntries");
        if (!entries.isArray() || entries.isEmpty()) {
            return new Answer(400, error("ValidationException", "UpdateRoutingControlStateEntries is required"), null);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String arn = entry.path("RoutingControlArn").asText("");
            String state = entry.path("RoutingControlState").asText("");
            if (!states.containsKey(arn)) {
                return new Answer(404, error("ResourceNotFoundException", "No routing control " + arn), null);
            }
            if (!state.equals("On") && !state.equals("Off")) {
                return new Answer(400, error("ValidationException", "RoutingControlState must be On or Off"), null);
            }
            wanted.put(arn, state);
        }
        List<String> overridden = new ArrayList<>();
        request.path("SafetyRulesToOverride").forEach(rule -> overridden.add(rule.asText()));
        Instant now = clock.instant();
        Map<String, String> after = new LinkedHashMap<>(states);
        after.putAll(wanted);
        for (SafetyRule rule : rules) {
            if (overridden.contains(rule.arn()) || wanted.keySet().stream().noneMatch(rule.controls()::contains)) {
                continue;
            }
            Instant changed = ruleChangedAt.get(rule.arn());
            String why = null;
            if (changed != null && now.isBefore(changed.plusMillis(rule.waitPeriodMs()))) {
                why = "a request inside the rule's wait period (" + rule.waitPeriodMs() + " ms after its controls "
                        + "changed at " + changed + ")";
            } else if (rule.gating() && !rule.holds(rule.gatingControls(), states)) {
                why = "the gating rule's gating controls do not allow a change of its target controls";
            } else if (!rule.gating() && !rule.holds(rule.controls(), after)) {
                why = "the change would leave the assertion rule unsatisfied";
            }
            if (why != null) {
                ObjectNode body = error(
                        "ConflictException",
                        "The routing control state change was rejected by safety rule " + rule.arn() + " ("
                                + rule.name() + "): " + why);
                body.put("resourceId", rule.arn()).put("resourceType", "SafetyRule");
                return new Answer(409, body, rule.arn());
            }
        }
        wanted.forEach((arn, state) -> {
            String before = states.put(arn, state);
            if (!state.equals(before)) {
                changes.add(new Change(now, region, arn, before, state));
                rules.stream()
                        .filter(rule -> rule.controls().contains(arn))
                        .forEach(rule -> ruleChangedAt.put(rule.arn(), now));
            }
        });
        return new Answer(200, JSON.createObjectNode(), null);
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
        held.forEach(HttpExchange::close);
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
