package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plan's {@code traffic} field: both kinds of switch, and every problem named by its path. */
class TrafficPlanValidationTest {
    static final String EAST_ARN =
            "arn:aws:route53-recovery-control::123456789012:controlpanel/abc123/routingcontrol/e001";
    static final String WEST_ARN =
            "arn:aws:route53-recovery-control::123456789012:controlpanel/abc123/routingcontrol/w002";

    private final PlanValidator validator = new PlanValidator();

    @Test
    void parse_whenNoTraffic_expectNone() {
        assertNull(validator.parse(PlanValidatorTest.VALID_PLAN).traffic());
    }

    @Test
    void parse_whenRoutingControlIsValid_expectEndpointsAndControlsInPlanOrder() {
        TrafficPlan traffic = validator.validate(withRoutingControl()).traffic();

        assertEquals(TrafficPlan.Type.ROUTING_CONTROL, traffic.type());
        assertEquals(
                List.of(
                        new TrafficPlan.ClusterEndpoint("eu-west-1", "https://host-a.example.com/v1"),
                        new TrafficPlan.ClusterEndpoint("us-east-1", "https://host-b.example.com/v1")),
                traffic.clusterEndpoints());
        assertEquals(Map.of("us-east-1", EAST_ARN, "us-west-2", WEST_ARN), traffic.controls());
    }

    @Test
    void parse_whenRoute53IsValid_expectTheRecordWithItsNameFullyQualified() {
        TrafficPlan traffic = validator.validate(withRoute53()).traffic();

        assertEquals(TrafficPlan.Type.ROUTE53, traffic.type());
        assertEquals("app.example.com.", traffic.recordName());
        assertEquals(60L, traffic.ttl());
        assertEquals("shop-west.example.com", traffic.values().get("us-west-2"));
    }

    @Test
    void plan_whenWrittenAndReadBack_expectTheSameTraffic() throws Exception {
        DrPlan plan = validator.validate(withRoutingControl());

        DrPlan again = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(plan), DrPlan.class);

        assertEquals(plan.traffic(), again.traffic());
    }

    static Stream<Arguments> badTraffic() {
        return Stream.of(
                bad("unknown type", t -> t.put("type", "dns"), "plan.traffic.type"),
                bad("type missing", t -> t.remove("type"), "plan.traffic.type"),
                bad("no endpoints", t -> t.putArray("clusterEndpoints"), "plan.traffic.clusterEndpoints"),
                bad(
                        "plain http to a remote host",
                        t -> endpoint(t, 0).put("url", "http://host-a.example.com/v1"),
                        "plan.traffic.clusterEndpoints[0].url"),
                bad(
                        "endpoint region unknown",
                        t -> endpoint(t, 1).put("region", "moon-1"),
                        "plan.traffic.clusterEndpoints[1].region"),
                bad(
                        "control missing for the DR region",
                        t -> controls(t).remove("us-west-2"),
                        "plan.traffic.controls.us-west-2"),
                bad(
                        "control ARN of another kind",
                        t -> controls(t).put("us-east-1", "arn:aws:s3:::bucket"),
                        "plan.traffic.controls.us-east-1"),
                bad(
                        "control for a region outside the plan",
                        t -> controls(t).put("eu-west-1", EAST_ARN),
                        "plan.traffic.controls.eu-west-1"),
                bad("the same control twice", t -> controls(t).put("us-west-2", EAST_ARN), "plan.traffic.controls"),
                bad("a Route 53 field on routing controls", t -> t.put("ttl", 60), "plan.traffic.ttl"));
    }

    static Stream<Arguments> badRoute53() {
        return Stream.of(
                badRecord("zone id malformed", t -> t.put("hostedZoneId", "zone-1"), "plan.traffic.hostedZoneId"),
                badRecord("record type MX", t -> t.put("recordType", "MX"), "plan.traffic.recordType"),
                badRecord("ttl negative", t -> t.put("ttl", -1), "plan.traffic.ttl"),
                badRecord("A record with a name", t -> t.put("recordType", "A"), "plan.traffic.values.us-east-1"),
                badRecord(
                        "value missing for the primary",
                        t -> ((ObjectNode) t.get("values")).remove("us-east-1"),
                        "plan.traffic.values.us-east-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badTraffic", "badRoute53"})
    void validate_whenTrafficIsInvalid_expectTheFieldNamed(String description, ObjectNode plan, String path) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.validate(plan));

        assertTrue(e.getMessage().contains(path + ": "), () -> "expected '" + path + ": ' in: " + e.getMessage());
    }

    @Test
    void validate_whenEndpointIsLoopbackHttp_expectAccepted() {
        ObjectNode plan = withRoutingControl();
        endpoint((ObjectNode) plan.get("traffic"), 0).put("url", "http://127.0.0.1:8443/v1");

        assertEquals(
                "http://127.0.0.1:8443/v1",
                validator.validate(plan).traffic().clusterEndpoints().get(0).url());
    }

    private static Arguments bad(String description, Consumer<ObjectNode> change, String path) {
        ObjectNode plan = withRoutingControl();
        change.accept((ObjectNode) plan.get("traffic"));
        return Arguments.of(description, plan, path);
    }

    private static Arguments badRecord(String description, Consumer<ObjectNode> change, String path) {
        ObjectNode plan = withRoute53();
        change.accept((ObjectNode) plan.get("traffic"));
        return Arguments.of(description, plan, path);
    }

    static ObjectNode withRoutingControl() {
        ObjectNode plan = PlanValidatorTest.validPlanTree();
        ObjectNode traffic = plan.putObject("traffic").put("type", "routing-control");
        ArrayNode endpoints = traffic.putArray("clusterEndpoints");
        endpoints.addObject().put("region", "eu-west-1").put("url", "https://host-a.example.com/v1");
        endpoints.addObject().put("region", "us-east-1").put("url", "https://host-b.example.com/v1");
        traffic.putObject("controls").put("us-east-1", EAST_ARN).put("us-west-2", WEST_ARN);
        return plan;
    }

    static ObjectNode withRoute53() {
        ObjectNode plan = PlanValidatorTest.validPlanTree();
        ObjectNode traffic = plan.putObject("traffic")
                .put("type", "route53")
                .put("hostedZoneId", "Z0123456789ABCDEFGHIJ")
                .put("recordName", "app.example.com")
                .put("recordType", "CNAME")
                .put("ttl", 60);
        traffic.putObject("values").put("us-east-1", "shop-east.example.com").put("us-west-2", "shop-west.example.com");
        return plan;
    }

    private static ObjectNode endpoint(ObjectNode traffic, int index) {
        return (ObjectNode) traffic.get("clusterEndpoints").get(index);
    }

    private static ObjectNode controls(ObjectNode traffic) {
        return (ObjectNode) traffic.get("controls");
    }
}
