package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.arc.RoutingControlStandIn;
import io.efsdr.sandbox.aws.Route53Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The traffic switch, executed for real: the plan's traffic block points at the sandbox's ARC
 * cluster (five endpoints, some refusing connections) or its Route 53 stand-in, and the report's
 * {@code final.traffic} is read from those stand-ins' own state, never from what the handler said.
 */
class TrafficDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final Map<String, String> PRIMARY_SERVES = Map.of(PRIMARY, "ON", DR, "OFF");
    private static final Map<String, String> DR_SERVES = Map.of(PRIMARY, "OFF", DR, "ON");

    @Test
    void failover_withRoutingControlsAndTwoOfFiveEndpointsDown_endsWithDrOnAndPrimaryOff() throws Exception {
        try (DrillHarness h =
                new DrillHarness("{\"traffic\": \"routing-control\", \"routingControlEndpointsDown\": 2}")) {
            assertEquals(PRIMARY_SERVES, h.sandbox.trafficState(), "the world starts with the primary serving");

            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(DR_SERVES, report.fin().traffic());
            List<?> changes = h.sandbox.routingControls().changes();
            assertEquals(2, changes.size(), "one call set both controls: " + changes);
            assertTrue(
                    h.sandbox.routingControls().changes().stream()
                            .allMatch(c -> c.endpointRegion().equals("ap-northeast-1")),
                    "the first endpoint that answers made the change: " + changes);
            assertTrue(stepSummary(h, "Switch Traffic").contains("2 endpoints did not answer"), h.printed());

            JsonNode traffic = auditRecord(h, report).path("traffic");
            assertEquals(PRIMARY, traffic.path("from").asText());
            assertEquals(DR, traffic.path("to").asText());
            assertTrue(traffic.path("verified").asBoolean(), traffic.toString());
            assertTrue(traffic.path("endpoint").asText().startsWith("ap-northeast-1 "), traffic.toString());
            assertEquals(2, traffic.path("failedEndpoints").size(), traffic.toString());
            assertEquals("ON", traffic.path("state").path(DR).asText(), traffic.toString());
        }
    }

    /**
     * A gating rule whose gate is closed refuses the switch on every endpoint alike: one update call,
     * a read-back, and the run fails naming the rule, in its notification and its audit record.
     */
    @Test
    void failover_whenAGatingRuleRefuses_sendsOneUpdateAndNamesTheRule() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"traffic\": \"routing-control\", \"routingControlSafetyRules\": "
                + "[{\"GatingRule\": {\"Name\": \"dr-on-only-after-primary-off\", \"GatingControls\": "
                + "[\"us-east-1\"], \"TargetControls\": [\"us-west-2\"], \"RuleConfig\": {\"Type\": \"OR\", "
                + "\"Threshold\": 1, \"Inverted\": true}}}]}")) {
            String rule = h.sandbox.routingControls().safetyRules().getFirst().arn();

            DrillReport report = h.failover();

            assertEquals("FAILED", report.status(), h.printed());
            assertEquals("Switch Traffic", report.failedState());
            assertTrue(report.error().contains("TrafficRefusedException"), report.error());
            assertTrue(report.error().contains(rule), report.error());
            assertEquals(PRIMARY_SERVES, report.fin().traffic());
            assertEquals(List.of(), h.sandbox.routingControls().changes());
            List<RoutingControlStandIn.Call> updates =
                    h.sandbox.routingControls().calls("UpdateRoutingControlStates");
            assertEquals(1, updates.size(), "a refusal is not an outage: no other endpoint is asked: " + updates);
            assertEquals(rule, updates.getFirst().safetyRule());
            assertTrue(
                    h.sandbox.aws().sns().published().stream()
                            .anyMatch(p -> p.message().contains("Traffic was NOT switched: ARC safety rule " + rule)),
                    "the failure notice names the rule");
            assertEquals(
                    rule,
                    auditRecord(h, report).path("trafficRefusedBySafetyRule").asText());
        }
    }

    /**
     * The first update lands but its answer is lost; the retry on the next endpoint falls inside the
     * assertion rule's wait period and is refused. The controls read back show the switch made, so
     * the step is done, having sent two updates, not five.
     */
    @Test
    void failover_whenTheRetryOfAnUpdateWhoseAnswerWasLostIsRefused_readsBackAndEndsSwitched() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"traffic\": \"routing-control\", \"faults\": [{\"service\": "
                + "\"route53-recovery-cluster\", \"operation\": \"UpdateRoutingControlStates\", \"error\": "
                + "\"timeout\", \"times\": 1}], \"routingControlSafetyRules\": [{\"AssertionRule\": {\"Name\": "
                + "\"one-region-serves\", \"AssertedControls\": [\"us-east-1\", \"us-west-2\"], "
                + "\"WaitPeriodMs\": 600000, \"RuleConfig\": {\"Type\": \"ATLEAST\", \"Threshold\": 1, "
                + "\"Inverted\": false}}}]}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(DR_SERVES, report.fin().traffic());
            List<RoutingControlStandIn.Call> updates =
                    h.sandbox.routingControls().calls("UpdateRoutingControlStates");
            assertEquals(
                    List.of("no answer", "ConflictException"),
                    updates.stream().map(RoutingControlStandIn.Call::answer).toList(),
                    "the lost update, then one refused retry: " + updates);
            JsonNode traffic = auditRecord(h, report).path("traffic");
            assertEquals("SWITCHED", traffic.path("outcome").asText(), traffic.toString());
            assertTrue(traffic.path("verified").asBoolean(), traffic.toString());
            assertTrue(
                    traffic.path("summary").asText().contains("an earlier update whose answer was lost"),
                    traffic.toString());
        }
    }

    /** Two endpoints accept the connection and never answer: each costs one bounded call, then the next is tried. */
    @Test
    void failover_withTwoHangingEndpoints_skipsThemAtTheCallBoundAndSwitches() throws Exception {
        try (DrillHarness h =
                new DrillHarness("{\"traffic\": \"routing-control\", \"routingControlEndpointsHanging\": 2}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(DR_SERVES, report.fin().traffic());
            assertTrue(
                    h.sandbox.routingControls().changes().stream()
                            .allMatch(c -> c.endpointRegion().equals("ap-northeast-1")),
                    "the first endpoint that answers made the change: "
                            + h.sandbox.routingControls().changes());
            JsonNode traffic = auditRecord(h, report).path("traffic");
            assertEquals(2, traffic.path("failedEndpoints").size(), traffic.toString());
            assertTrue(traffic.path("failedEndpoints").toString().contains("HttpTimeoutException"), traffic.toString());
            assertTrue(
                    h.sandbox.routingControls().calls().stream()
                            .filter(c -> c.answer().equals("no answer"))
                            .allMatch(c -> List.of("us-west-2", "eu-west-1").contains(c.endpointRegion())),
                    h.sandbox.routingControls().calls().toString());
        }
    }

    /** The run's record.json, as the S3 stand-in holds it. */
    private static JsonNode auditRecord(DrillHarness h, DrillReport report) throws Exception {
        String prefix = "s3://" + Sandbox.AUDIT_BUCKET + "/";
        String key = report.fin().evidence().stream()
                .filter(k -> k.endsWith("/record.json"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring(prefix.length());
        return Json.MAPPER.readTree(h.sandbox
                .aws()
                .s3()
                .get(Sandbox.AUDIT_BUCKET, key)
                .orElseThrow()
                .text());
    }

    @Test
    void cycle_withRoutingControls_turnsTrafficBackToThePrimary() {
        try (DrillHarness h =
                new DrillHarness("{\"traffic\": \"routing-control\", \"routingControlEndpointsDown\": 2}")) {
            DrillReport cycle = h.drill.cycle(h.sandbox);

            assertEquals("SUCCEEDED", cycle.status(), h.printed());
            assertEquals(PRIMARY_SERVES, cycle.fin().traffic());
            assertEquals(4, h.sandbox.routingControls().changes().size(), "over and back, two controls each");
        }
    }

    @Test
    void failover_withEveryEndpointDown_failsTheSwitchAndChangesNothing() {
        try (DrillHarness h =
                new DrillHarness("{\"traffic\": \"routing-control\", \"routingControlEndpointsDown\": 5}")) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status(), h.printed());
            assertEquals("Switch Traffic", report.failedState());
            assertTrue(report.error().contains("DependencyUnavailableException"), report.error());
            assertTrue(report.error().contains("none of the cluster's 5 endpoints answered"), report.error());
            assertEquals(PRIMARY_SERVES, report.fin().traffic());
            assertEquals(List.of(), h.sandbox.routingControls().changes());
        }
    }

    @Test
    void failover_dryRun_readsTheControlsAndChangesNothing() {
        try (DrillHarness h = new DrillHarness("{\"traffic\": \"routing-control\", \"dryRun\": true}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(PRIMARY_SERVES, report.fin().traffic());
            assertEquals(List.of(), h.sandbox.routingControls().changes());
            assertTrue(stepSummary(h, "Switch Traffic").contains("dry run: routing controls now"), h.printed());
        }
    }

    @Test
    void failover_withRoute53_pointsTheRecordAtTheDrValue() {
        try (DrillHarness h = new DrillHarness("{\"traffic\": \"route53\"}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(DR_SERVES, report.fin().traffic());
            Route53Model route53 = h.sandbox.aws().route53();
            assertEquals(
                    List.of(Sandbox.recordValue(DR)),
                    route53.recordSet(Sandbox.HOSTED_ZONE, Sandbox.RECORD_NAME, "CNAME")
                            .orElseThrow()
                            .values());
            assertEquals(1, route53.changes().size(), "one UPSERT, then waits for INSYNC");
        }
    }

    /** A weighted record set belongs to its routing policy: the run is refused at Validate Plan, before any change. */
    @Test
    void failover_withRoute53WeightedRecordSets_isRefusedAtValidatePlanBeforeAnyChange() {
        try (DrillHarness h = new DrillHarness(
                "{\"traffic\": \"route53\", \"route53RecordSet\": {\"routingPolicy\": \"weighted\"}}")) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status(), h.printed());
            assertEquals("Validate Plan", report.failedState());
            assertTrue(
                    report.error().contains("owned by another routing policy (weighted (weight 100)"), report.error());
            assertEquals(PRIMARY_SERVES, report.fin().traffic());
            assertEquals(List.of(), h.sandbox.aws().route53().changes());
            assertTrue(
                    h.sandbox
                            .aws()
                            .efs()
                            .replication(PRIMARY, h.sandbox.scenario().primary().fileSystemId())
                            .isPresent(),
                    "nothing was promoted");
        }
    }

    /** An alias A record to the region's load balancer is switched as an alias and read back. */
    @Test
    void failover_withRoute53AliasRecord_writesAnAliasToTheDrLoadBalancer() {
        try (DrillHarness h = new DrillHarness("{\"traffic\": \"route53\", \"route53RecordSet\": {\"alias\": true}}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(DR_SERVES, report.fin().traffic());
            Route53Model.RecordSet record = h.sandbox
                    .aws()
                    .route53()
                    .recordSet(Sandbox.HOSTED_ZONE, Sandbox.RECORD_NAME, "A")
                    .orElseThrow();
            assertTrue(record.isAlias(), record.toString());
            assertEquals(Sandbox.recordValue(DR), record.aliasDnsName());
            assertEquals(Sandbox.aliasZone(DR), record.aliasHostedZoneId());
            assertEquals(1, h.sandbox.aws().route53().changes().size());
            assertTrue(stepSummary(h, "Switch Traffic").contains("read back"), h.printed());
        }
    }

    @Test
    void failover_withoutTraffic_switchesNothing() {
        try (DrillHarness h = new DrillHarness("{}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(null, report.fin().traffic());
            assertTrue(report.steps().stream().noneMatch(s -> s.name().equals("Switch Traffic")));
        }
    }

    private static String stepSummary(DrillHarness h, String state) {
        return h.printed()
                .lines()
                .filter(line -> line.contains(state))
                .reduce((a, b) -> b)
                .orElse("");
    }
}
