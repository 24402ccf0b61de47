package io.efsdr.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.plan.TrafficPlan.ClusterEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routing controls of one ARC cluster, reached through whichever of its regional endpoints
 * answers. The ARC developer guide ("Getting and updating routing control states using the ARC
 * API (recommended)") says at least three of the five endpoints are always available and that a
 * client should "try each endpoint in rotation, as needed"; so each call goes to the endpoints in
 * turn until one answers, the endpoints in the region traffic leaves (which may be the failed one)
 * last. An endpoint that failed once in a {@link Session} is tried last for the session's later
 * calls, so a dead endpoint costs its connect timeout once, not once per call.
 *
 * <p>A change a safety rule refused ({@link ClusterCallException.Kind#REFUSED}) is not sent to the
 * other endpoints: the rules belong to the cluster's control panel, so every endpoint refuses it
 * alike, and a retry inside a rule's {@code WaitPeriodMs} is refused too. The refusal reaches the
 * caller, which reads the controls back before it calls it a refusal.
 */
public final class RoutingControlCluster {
    static final String GET = "GetRoutingControlState";
    static final String UPDATE = "UpdateRoutingControlStates";

    private final ClusterTransport transport;

    public RoutingControlCluster(ClusterTransport transport) {
        this.transport = transport;
    }

    /** The endpoints in the order to try them: those outside {@code avoidRegion} first, each group in plan order. */
    public static List<ClusterEndpoint> order(List<ClusterEndpoint> endpoints, String avoidRegion) {
        List<ClusterEndpoint> ordered = new ArrayList<>();
        endpoints.stream().filter(e -> !e.region().equals(avoidRegion)).forEach(ordered::add);
        endpoints.stream().filter(e -> e.region().equals(avoidRegion)).forEach(ordered::add);
        return ordered;
    }

    /** A series of calls that shares what it learnt about the endpoints. */
    public Session session(List<ClusterEndpoint> endpoints, String avoidRegion) {
        return new Session(order(endpoints, avoidRegion));
    }

    /** Calls made with one endpoint order; remembers which endpoint answered last and which failed. */
    public final class Session {
        private final List<ClusterEndpoint> order;
        private final Map<String, String> failures = new LinkedHashMap<>();
        private ClusterEndpoint answered;

        private Session(List<ClusterEndpoint> order) {
            this.order = new ArrayList<>(order);
        }

        /** The states of the given routing controls (by key), each read with GetRoutingControlState. */
        public <K> Map<K, ControlState> read(Map<K, String> controls) {
            Map<K, ControlState> states = new LinkedHashMap<>();
            controls.forEach((key, arn) -> {
                ObjectNode body = Json.MAPPER.createObjectNode().put("RoutingControlArn", arn);
                states.put(key, call(GET, body, answer -> {
                    ControlState state = ControlState.fromWire(
                            answer.path("RoutingControlState").asText(null));
                    if (state == null) {
                        throw new ClusterCallException(
                                ClusterCallException.Kind.TRY_ANOTHER,
                                "UnexpectedAnswer",
                                "GetRoutingControlState answered no On/Off state for " + arn + ": " + answer,
                                null);
                    }
                    return state;
                }));
            });
            return states;
        }

        /**
         * Sets every given routing control in one UpdateRoutingControlStates call (so traffic is never
         * off everywhere nor on in two places because half a change went through), overriding no
         * safety rule.
         */
        public void update(Map<String, ControlState> statesByArn) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode entries = body.putArray("UpdateRoutingControlStateEntries");
            statesByArn.forEach((arn, state) ->
                    entries.addObject().put("RoutingControlArn", arn).put("RoutingControlState", state.wire()));
            body.putArray("SafetyRulesToOverride");
            call(UPDATE, body, answer -> answer);
        }

        /** The endpoint that answered the last call; null before any did. */
        public ClusterEndpoint answered() {
            return answered;
        }

        /** Every endpoint that failed a call in this session, with why (its URL and the error). */
        public List<String> failures() {
            List<String> list = new ArrayList<>();
            failures.forEach((url, why) -> list.add(url + " (" + why + ")"));
            return list;
        }

        private <T> T call(String operation, JsonNode body, Function<JsonNode, T> read) {
            List<String> thisCall = new ArrayList<>();
            for (ClusterEndpoint endpoint : List.copyOf(order)) {
                try {
                    T value = read.apply(transport.call(endpoint, operation, body));
                    answered = endpoint;
                    return value;
                } catch (ClusterCallException e) {
                    String where = endpoint.region() + " " + endpoint.url();
                    switch (e.kind()) {
                        case DENIED ->
                            throw new PermissionDeniedException(
                                    "ARC " + operation + " was denied by " + where + ": " + e.getMessage()
                                            + "; the function's role needs route53-recovery-cluster:" + operation
                                            + " on the plan's routing controls (template parameter "
                                            + "TrafficRoutingControlArns)",
                                    e);
                        case INVALID ->
                            throw new InvalidInputException(
                                    "ARC " + operation + " was refused as invalid by " + where + ": " + e.getMessage()
                                            + "; check plan.traffic.controls (ARNs of this cluster's routing controls)",
                                    e);
                        case REFUSED -> {
                            answered = endpoint;
                            throw new ClusterCallException(
                                    ClusterCallException.Kind.REFUSED,
                                    e.code(),
                                    "ARC " + operation + " was refused by " + where + ": " + e.getMessage(),
                                    e,
                                    e.safetyRule());
                        }
                        default -> {
                            failures.put(endpoint.url(), e.getMessage());
                            thisCall.add(where + ": " + e.getMessage());
                            order.remove(endpoint);
                            order.add(endpoint);
                        }
                    }
                }
            }
            throw new DependencyUnavailableException("ARC " + operation + ": none of the cluster's "
                    + order.size() + " endpoints answered (" + String.join("; ", thisCall)
                    + "); no endpoint confirmed the call");
        }
    }
}
