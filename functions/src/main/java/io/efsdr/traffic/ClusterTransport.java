package io.efsdr.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.TrafficPlan.ClusterEndpoint;

/** Sends one ARC routing control API call to one cluster endpoint and returns its JSON answer. */
@FunctionalInterface
public interface ClusterTransport {
    /**
     * @param operation the operation name, such as {@code UpdateRoutingControlStates}
     * @throws ClusterCallException when the endpoint did not answer, or answered with an error
     */
    JsonNode call(ClusterEndpoint endpoint, String operation, JsonNode body);
}
