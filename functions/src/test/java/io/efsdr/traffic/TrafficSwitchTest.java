package io.efsdr.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.TrafficRefusedException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Target;
import io.efsdr.plan.TrafficPlan;
import io.efsdr.plan.TrafficPlan.ClusterEndpoint;
import io.efsdr.testing.Plans;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The switch's rules over an in-memory ARC cluster and Route 53: endpoint order, idempotency, read-back. */
class TrafficSwitchTest {
    static final String EAST = "arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/east";
    static final String WEST = "arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/west";
    static final String RULE = "arn:aws:route53-recovery-control::123456789012:controlpanel/p/safetyrule/gate";
    static final List<ClusterEndpoint> ENDPOINTS = List.of(
            new ClusterEndpoint("us-east-1", "https://e1"),
            new ClusterEndpoint("us-west-2", "https://w2"),
            new ClusterEndpoint("eu-west-1", "https://eu"),
            new ClusterEndpoint("ap-northeast-1", "https://ap"),
            new ClusterEndpoint("ap-southeast-2", "https://au"));

    private final FakeCluster arc = new FakeCluster();
    private final FakeRecords dns = new FakeRecords();
    private final MutableClock clock = new MutableClock();
    private final TrafficSwitch trafficSwitch = new TrafficSwitch(new RoutingControlCluster(arc), dns, clock);

    @Test
    void order_whenLeavingARegion_expectItsEndpointsLast() {
        assertEquals(
                List.of("w2", "eu", "ap", "au", "e1"),
                RoutingControlCluster.order(ENDPOINTS, "us-east-1").stream()
                        .map(e -> e.url().substring(8))
                        .toList());
    }

    @Test
    void switchTo_whenTwoEndpointsRefuse_expectOneUpdateOnTheNextAndBothControlsRead() {
        arc.down.addAll(Set.of("https://w2", "https://eu"));

        TrafficSwitchResult result = trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null);

        assertEquals(TrafficOutcome.SWITCHED, result.outcome());
        assertTrue(result.verified());
        assertEquals(Map.of("us-west-2", ControlState.ON, "us-east-1", ControlState.OFF), result.state());
        assertEquals(Map.of("us-west-2", ControlState.OFF, "us-east-1", ControlState.ON), result.before());
        assertEquals("ap-northeast-1 https://ap", result.endpoint());
        assertEquals(
                2, result.failedEndpoints().size(), result.failedEndpoints().toString());
        List<String> updates =
                arc.calls.stream().filter(c -> c.contains("Update")).toList();
        assertEquals(List.of("https://ap UpdateRoutingControlStates"), updates, "one call, on the first that answers");
        assertEquals(
                1, arc.calls.stream().filter(c -> c.startsWith("https://w2")).count(), "a dead one is tried once");
        assertEquals("On", arc.states.get(WEST));
        assertEquals("Off", arc.states.get(EAST));
    }

    @Test
    void switchTo_whenAlreadySwitched_expectNoUpdate() {
        arc.states.put(EAST, "Off");
        arc.states.put(WEST, "On");

        TrafficSwitchResult result = trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null);

        assertEquals(TrafficOutcome.ALREADY_SET, result.outcome());
        assertFalse(result.changed());
        assertTrue(arc.calls.stream().noneMatch(c -> c.contains("Update")), arc.calls.toString());
    }

    @Test
    void switchTo_inADryRun_expectTheStateReadAndNothingChanged() {
        TrafficSwitchResult result = trafficSwitch.switchTo(routingPlan(), Plans.dryRun("failover"), Target.DR, null);

        assertEquals(TrafficOutcome.DRY_RUN, result.outcome());
        assertTrue(result.done());
        assertTrue(result.summary().startsWith("dry run: routing controls now "), result.summary());
        assertTrue(result.summary().contains("would set us-west-2 ON, us-east-1 OFF"), result.summary());
        assertTrue(arc.calls.stream().noneMatch(c -> c.contains("Update")));
    }

    @Test
    void switchTo_whenEveryEndpointRefuses_expectDependencyUnavailableAndNothingChanged() {
        ENDPOINTS.forEach(e -> arc.down.add(e.url()));

        DependencyUnavailableException e = assertThrows(
                DependencyUnavailableException.class,
                () -> trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null));

        assertTrue(e.getMessage().contains("none of the cluster's 5 endpoints answered"), e.getMessage());
        assertEquals("On", arc.states.get(EAST));
    }

    @Test
    void switchTo_whenASafetyRuleRefuses_expectOneUpdateAReadBackAndARefusalNamingTheRule() {
        arc.refusedBy = RULE;

        TrafficRefusedException e = assertThrows(
                TrafficRefusedException.class,
                () -> trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null));

        assertEquals(RULE, e.safetyRule());
        assertTrue(e.getMessage().contains("ARC safety rule " + RULE + " refused"), e.getMessage());
        assertEquals(
                1,
                arc.calls.stream()
                        .filter(c -> c.endsWith(RoutingControlCluster.UPDATE))
                        .count(),
                arc.calls.toString());
        assertEquals(
                4,
                arc.calls.stream()
                        .filter(c -> c.endsWith(RoutingControlCluster.GET))
                        .count(),
                "read, then read back: " + arc.calls);
        assertEquals("On", arc.states.get(EAST));
    }

    @Test
    void switchTo_whenTheRetryOfALostUpdateIsRefused_expectSwitchedFromTheReadBack() {
        arc.loseFirstUpdateAnswer = true;
        arc.refusedBy = RULE;

        TrafficSwitchResult result = trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null);

        assertEquals(TrafficOutcome.SWITCHED, result.outcome());
        assertTrue(result.verified());
        assertTrue(result.summary().contains("refused by safety rule " + RULE), result.summary());
        assertEquals(
                2,
                arc.calls.stream()
                        .filter(c -> c.endsWith(RoutingControlCluster.UPDATE))
                        .count(),
                arc.calls.toString());
        assertEquals("Off", arc.states.get(EAST));
        assertEquals("On", arc.states.get(WEST));
    }

    @Test
    void switchTo_route53WeightedName_expectRefusedNamingTheRoutingPolicyAndNothingChanged() {
        dns.weighted = true;

        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> trafficSwitch.switchTo(route53Plan(), Plans.run("failover"), Target.DR, null));

        assertTrue(e.getMessage().contains("owned by another routing policy (weighted (weight 100)"), e.getMessage());
        assertEquals(0, dns.upserts);
    }

    @Test
    void switchTo_route53Alias_expectAnAliasUpsertToTheTargetsLoadBalancer() {
        DrPlan plan = Plans.plan()
                .withTraffic(TrafficPlan.route53(
                        "ZONE1",
                        "app.example.com.",
                        "A",
                        60,
                        Map.of("us-east-1", "east.elb.amazonaws.com", "us-west-2", "west.elb.amazonaws.com"),
                        Map.of("us-east-1", "Z35SXDOTRQ7X7K", "us-west-2", "Z1H1FL5HABSF5")));
        dns.value = "east.elb.amazonaws.com.";
        dns.aliasZone = "Z35SXDOTRQ7X7K";

        TrafficSwitchResult first = trafficSwitch.switchTo(plan, Plans.run("failover"), Target.DR, null);
        dns.inSync = true;
        TrafficSwitchResult second = trafficSwitch.switchTo(plan, Plans.run("failover"), Target.DR, first);

        assertEquals("Z1H1FL5HABSF5", dns.aliasZone);
        assertEquals("west.elb.amazonaws.com", dns.value);
        assertEquals(TrafficOutcome.SWITCHED, second.outcome());
        assertTrue(second.verified());
    }

    @Test
    void switchTo_whenAccessIsDenied_expectPermissionDeniedWithoutTryingTheOthers() {
        arc.denied = true;

        assertThrows(
                PermissionDeniedException.class,
                () -> trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null));
        assertEquals(1, arc.calls.size(), arc.calls.toString());
    }

    @Test
    void switchTo_whenAControlIsUnknown_expectInvalidInputNamingThePlanField() {
        arc.states.remove(WEST);

        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null));
        assertTrue(e.getMessage().contains("plan.traffic.controls"), e.getMessage());
    }

    @Test
    void switchTo_whenTheUpdateDoesNotReadBack_expectPendingThenAFailurePastTheBound() {
        arc.ignoreUpdates = true;

        TrafficSwitchResult first = trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, null);
        assertEquals(TrafficOutcome.PENDING, first.outcome());
        assertFalse(first.done());

        clock.now = clock.now.plusSeconds(TrafficSwitch.TIMEOUT_SECONDS + 1);
        assertThrows(
                StepTimeoutException.class,
                () -> trafficSwitch.switchTo(routingPlan(), Plans.run("failover"), Target.DR, first));
    }

    @Test
    void switchTo_back_expectPrimaryOnAndDrOff() {
        arc.states.put(EAST, "Off");
        arc.states.put(WEST, "On");

        TrafficSwitchResult result = trafficSwitch.switchTo(routingPlan(), Plans.run("failback"), Target.PRIMARY, null);

        assertEquals(TrafficOutcome.SWITCHED, result.outcome());
        assertEquals("On", arc.states.get(EAST));
        assertEquals("Off", arc.states.get(WEST));
        assertTrue(arc.calls.get(0).startsWith("https://e1"), "the DR region's endpoints last: " + arc.calls);
    }

    @Test
    void switchTo_route53_expectUpsertThenWaitForInSyncThenReadBack() {
        TrafficSwitchResult first = trafficSwitch.switchTo(route53Plan(), Plans.run("failover"), Target.DR, null);
        assertEquals(TrafficOutcome.PENDING, first.outcome());
        assertEquals("C1", first.changeId());
        assertEquals(1, dns.upserts);

        TrafficSwitchResult pending = trafficSwitch.switchTo(route53Plan(), Plans.run("failover"), Target.DR, first);
        assertEquals(TrafficOutcome.PENDING, pending.outcome());

        dns.inSync = true;
        TrafficSwitchResult done = trafficSwitch.switchTo(route53Plan(), Plans.run("failover"), Target.DR, pending);
        assertEquals(TrafficOutcome.SWITCHED, done.outcome());
        assertTrue(done.verified());
        assertEquals(Map.of("us-west-2", ControlState.ON, "us-east-1", ControlState.OFF), done.state());
        assertEquals(1, dns.upserts, "no second change");
    }

    @Test
    void switchTo_route53AlreadyPointed_expectNoChange() {
        dns.value = "west.example.com.";

        TrafficSwitchResult result = trafficSwitch.switchTo(route53Plan(), Plans.run("failover"), Target.DR, null);

        assertEquals(TrafficOutcome.ALREADY_SET, result.outcome());
        assertEquals(0, dns.upserts);
    }

    private static DrPlan routingPlan() {
        return Plans.plan()
                .withTraffic(TrafficPlan.routingControl(ENDPOINTS, Map.of("us-east-1", EAST, "us-west-2", WEST)));
    }

    private static DrPlan route53Plan() {
        return Plans.plan()
                .withTraffic(TrafficPlan.route53(
                        "ZONE1",
                        "app.example.com.",
                        "CNAME",
                        60,
                        Map.of("us-east-1", "east.example.com", "us-west-2", "west.example.com")));
    }

    /** An ARC cluster whose endpoints share one state; some refuse, or it denies everything. */
    static final class FakeCluster implements ClusterTransport {
        final Map<String, String> states = new HashMap<>(Map.of(EAST, "On", WEST, "Off"));
        final Set<String> down = new HashSet<>();
        final List<String> calls = new ArrayList<>();
        boolean denied;
        boolean ignoreUpdates;
        /** A safety rule that refuses every update (after the lost one, if any). */
        String refusedBy;
        /** The first update is applied and its answer lost (a timeout). */
        boolean loseFirstUpdateAnswer;

        @Override
        public JsonNode call(ClusterEndpoint endpoint, String operation, JsonNode body) {
            calls.add(endpoint.url() + " " + operation);
            if (down.contains(endpoint.url())) {
                throw new ClusterCallException(
                        ClusterCallException.Kind.TRY_ANOTHER, "ConnectException", "Connection refused", null);
            }
            if (denied) {
                throw new ClusterCallException(
                        ClusterCallException.Kind.DENIED, "AccessDeniedException", "AccessDeniedException", null);
            }
            if (operation.equals(RoutingControlCluster.GET)) {
                String arn = body.path("RoutingControlArn").asText();
                if (!states.containsKey(arn)) {
                    throw new ClusterCallException(
                            ClusterCallException.Kind.INVALID, "ResourceNotFoundException", "no " + arn, null);
                }
                return Json.MAPPER
                        .createObjectNode()
                        .put("RoutingControlArn", arn)
                        .put("RoutingControlState", states.get(arn));
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            body.path("UpdateRoutingControlStateEntries")
                    .forEach(e -> wanted.put(
                            e.path("RoutingControlArn").asText(),
                            e.path("RoutingControlState").asText()));
            if (loseFirstUpdateAnswer) {
                loseFirstUpdateAnswer = false;
                states.putAll(wanted);
                throw new ClusterCallException(
                        ClusterCallException.Kind.TRY_ANOTHER, "HttpTimeoutException", "request timed out", null);
            }
            if (refusedBy != null) {
                throw new ClusterCallException(
                        ClusterCallException.Kind.REFUSED,
                        "ConflictException",
                        "ConflictException (HTTP 409): rejected by safety rule " + refusedBy,
                        null,
                        refusedBy);
            }
            if (!ignoreUpdates) {
                states.putAll(wanted);
            }
            return Json.MAPPER.createObjectNode();
        }
    }

    /** One record set; a change is PENDING until {@code inSync}. */
    static final class FakeRecords implements RecordSets {
        String value = "east.example.com.";
        boolean inSync;
        int upserts;

        /** The alias target's hosted zone of the last UPSERT; null for a record with values. */
        String aliasZone;
        /** A weighted routing policy owns the name. */
        boolean weighted;

        @Override
        public List<RecordSet> recordSets(String hostedZoneId, String name, String type) {
            if (weighted) {
                return List.of(
                        new RecordSet(List.of(value), null, null, "east", null, 100L),
                        new RecordSet(List.of("west.example.com."), null, null, "west", null, 0L));
            }
            return List.of(
                    aliasZone == null
                            ? new RecordSet(List.of(value), null, null, null, null, null)
                            : new RecordSet(List.of(), value, aliasZone, null, null, null));
        }

        @Override
        public Change upsert(
                String hostedZoneId,
                String name,
                String type,
                long ttl,
                String value,
                String aliasHostedZoneId,
                String comment) {
            this.value = value;
            this.aliasZone = aliasHostedZoneId;
            upserts++;
            return new Change("C" + upserts, "PENDING");
        }

        @Override
        public Change change(String changeId) {
            return new Change(changeId, inSync ? "INSYNC" : "PENDING");
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Plans.T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
