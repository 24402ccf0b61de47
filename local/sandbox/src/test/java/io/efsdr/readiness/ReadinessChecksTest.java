package io.efsdr.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.drill.Drill;
import io.efsdr.drill.HandlerHost;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.aws.SnsPublish;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The readiness function through its Lambda entry point against the sandbox: a healthy world
 * passes every check, and each single defect fails exactly its own check.
 */
class ReadinessChecksTest {
    private static final String DR_REGION = "us-west-2";

    private static Sandbox sandbox(String scenario) throws Exception {
        return Sandbox.start(Scenario.parse(Json.MAPPER.readTree(scenario), null));
    }

    private static Map<String, String> statuses(JsonNode report) {
        Map<String, String> statuses = new LinkedHashMap<>();
        report.path("checks")
                .forEach(c ->
                        statuses.put(c.path("name").asText(), c.path("status").asText()));
        return statuses;
    }

    private static String detail(JsonNode report, String check) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("name").asText().equals(check)) {
                return c.path("detail").asText();
            }
        }
        throw new AssertionError("no check " + check + " in " + report);
    }

    /** Runs once in the given world and checks that only {@code check} has {@code status}, every other one OK. */
    private static JsonNode assertOnly(String scenario, String check, String status) throws Exception {
        try (Sandbox sandbox = sandbox(scenario);
                HandlerHost host = new HandlerHost(sandbox)) {
            return assertOnly(host, check, status);
        }
    }

    private static JsonNode assertOnly(HandlerHost host, String check, String status) throws Exception {
        JsonNode report = Drill.runReadiness(host);
        Map<String, String> expected = new LinkedHashMap<>();
        ReadinessChecks.NAMES.forEach(name -> expected.put(name, name.equals(check) ? status : "OK"));
        assertEquals(expected, statuses(report), report.toPrettyString());
        return report;
    }

    @Test
    void run_whenTheWorldIsHealthy_everyCheckIsOkAndTheGaugesSayOne() throws Exception {
        try (Sandbox sandbox = sandbox("{}");
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode report = assertOnly(host, null, null);

            assertEquals("OK", report.path("overall").asText());
            Map<String, Double> gauges = ((HandlerHost.RecordedMetrics)
                            host.wiring().metrics())
                    .gauges()
                    .get(0);
            assertEquals(
                    Map.of(
                            "ReadinessReplication",
                            1.0,
                            "ReadinessDrClusterAccess",
                            1.0,
                            "ReadinessDrStorageClass",
                            1.0,
                            "ReadinessDrWorkloads",
                            1.0,
                            "ReadinessAccessPoints",
                            1.0,
                            "ReadinessActiveRegion",
                            1.0,
                            "ReadinessTrafficRecord",
                            1.0,
                            "ReadinessOverall",
                            1.0),
                    gauges);
        }
    }

    @Test
    void run_whenAFailoverRoutingPolicyOwnsTheTrafficRecord_failsTrafficRecord() throws Exception {
        JsonNode report = assertOnly(
                "{\"traffic\": \"route53\", \"route53RecordSet\": {\"routingPolicy\": \"failover\"}}",
                "traffic-record",
                "FAIL");

        assertTrue(
                detail(report, "traffic-record").contains("owned by another routing policy (failover (PRIMARY)"),
                detail(report, "traffic-record"));
    }

    @Test
    void run_whenRoute53CannotBeRead_warnsTrafficRecord() throws Exception {
        JsonNode report = assertOnly(
                "{\"traffic\": \"route53\", \"faults\": [{\"service\": \"route53\", \"operation\": "
                        + "\"ListResourceRecordSets\", \"error\": \"5xx\"}]}",
                "traffic-record",
                "WARN");

        assertTrue(detail(report, "traffic-record").contains("us-east-1"), detail(report, "traffic-record"));
    }

    @Test
    void run_whenReplicationLagsBeyondTheRpo_failsReplication() throws Exception {
        JsonNode report = assertOnly("{\"replicationLagSeconds\": 1200}", "replication", "FAIL");

        assertTrue(detail(report, "replication").contains("over the RPO of 900 s"), detail(report, "replication"));
        assertEquals("FAIL", report.path("overall").asText());
    }

    @Test
    void run_whenReplicationIsPaused_failsReplicationWithTheStatus() throws Exception {
        JsonNode report = assertOnly("{\"replicationStatus\": \"PAUSED\"}", "replication", "FAIL");

        assertTrue(detail(report, "replication").startsWith("status PAUSED"), detail(report, "replication"));
    }

    @Test
    void run_whenAVerbIsDenied_failsDrClusterAccessNamingIt() throws Exception {
        JsonNode report = assertOnly("{\"deniedVerbs\": [\"patch deployments/scale\"]}", "dr-cluster-access", "FAIL");

        assertTrue(
                detail(report, "dr-cluster-access").contains("patch deployments/scale in namespace shop"),
                detail(report, "dr-cluster-access"));
        assertFalse(detail(report, "dr-cluster-access").contains("statefulsets"), detail(report, "dr-cluster-access"));
    }

    @Test
    void run_whenTheDrStorageClassDrifts_failsDrStorageClassParameterByParameter() throws Exception {
        String scenario = """
        {"storageClassParameters": {"provisioningMode": "efs-ap", "fileSystemId": "fs-0fedcba9876543210",
          "directoryPerms": "777", "uid": "1000", "gid": "1000", "basePath": "/dynamic_provisioning",
          "subPathPattern": "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory": "false", "reuseAccessPoint": \
        "false"}}
        """;
        JsonNode report = assertOnly(scenario, "dr-storage-class", "FAIL");

        String detail = detail(report, "dr-storage-class");
        assertTrue(detail.contains("directoryPerms: 777 -> 700"), detail);
        assertFalse(detail.contains("fileSystemId"), detail);
    }

    @Test
    void run_whenTheDrStorageClassIsMissing_failsDrStorageClass() throws Exception {
        JsonNode report = assertOnly("{\"storageClassPresent\": false}", "dr-storage-class", "FAIL");

        assertTrue(
                detail(report, "dr-storage-class").contains("missing in shop-dr"), detail(report, "dr-storage-class"));
    }

    @Test
    void run_whenAPlanWorkloadIsMissingInDr_failsDrWorkloads() throws Exception {
        try (Sandbox sandbox = sandbox("{}");
                HandlerHost host = new HandlerHost(sandbox)) {
            ObjectNode plan = sandbox.scenario().plan();
            ((ArrayNode) plan.path("workloads").path("items"))
                    .addObject()
                    .put("namespace", "shop")
                    .put("kind", "Deployment")
                    .put("name", "ghost")
                    .put("activeReplicas", 2)
                    .put("standbyReplicas", 0);
            sandbox.aws().ssm().put(DR_REGION, Sandbox.PLAN_PARAMETER, plan.toString());

            JsonNode report = assertOnly(host, "dr-workloads", "FAIL");

            assertTrue(
                    detail(report, "dr-workloads").contains("shop/Deployment/ghost: not found"),
                    detail(report, "dr-workloads"));
        }
    }

    @Test
    void run_whenAccessPointsPassEightyPercent_warnsButStaysReady() throws Exception {
        try (Sandbox sandbox = sandbox("{\"accessPointCount\": {\"fs-0fedcba9876543210\": 8500}}");
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode report = assertOnly(host, "access-points", "WARN");

            assertEquals("WARN", report.path("overall").asText());
            assertTrue(
                    detail(report, "access-points").contains("8500 of 10000 (85 %)"), detail(report, "access-points"));
            Map<String, Double> gauges = ((HandlerHost.RecordedMetrics)
                            host.wiring().metrics())
                    .gauges()
                    .get(0);
            assertEquals(1.0, gauges.get("ReadinessAccessPoints"));
            assertEquals(1.0, gauges.get("ReadinessOverall"));
        }
    }

    @Test
    void run_whenAccessPointsReachTheQuota_failsAccessPoints() throws Exception {
        try (Sandbox sandbox = sandbox("{\"accessPointCount\": 10000}");
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode report = assertOnly(host, "access-points", "FAIL");

            assertTrue(detail(report, "access-points").contains("quota reached"), detail(report, "access-points"));
            Map<String, Double> gauges = ((HandlerHost.RecordedMetrics)
                            host.wiring().metrics())
                    .gauges()
                    .get(0);
            assertEquals(0.0, gauges.get("ReadinessAccessPoints"));
            assertEquals(0.0, gauges.get("ReadinessOverall"));
        }
    }

    @Test
    void run_whenTheRecordSaysDrWhileThePrimaryIsActive_failsActiveRegion() throws Exception {
        JsonNode report = assertOnly("{\"activeRegionRecord\": \"us-west-2\"}", "active-region", "FAIL");

        assertTrue(
                detail(report, "active-region").contains("is a replication destination"),
                detail(report, "active-region"));
    }

    @Test
    void run_whenRunAgain_notifiesOnTheFirstRunAndOnAChangeOnly() throws Exception {
        try (Sandbox sandbox = sandbox("{}");
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode first = Drill.runReadiness(host);
            JsonNode unchanged = Drill.runReadiness(host);
            sandbox.aws().efs().setReplicationStatus("fs-0123456789abcdef0", "ERROR", "the source file system failed");
            JsonNode changed = Drill.runReadiness(host);
            JsonNode stillFailing = Drill.runReadiness(host);

            assertTrue(first.path("notified").asBoolean(), first.toPrettyString());
            assertFalse(unchanged.path("notified").asBoolean(), unchanged.toPrettyString());
            assertTrue(changed.path("notified").asBoolean(), changed.toPrettyString());
            assertFalse(stillFailing.path("notified").asBoolean(), stillFailing.toPrettyString());
            List<SnsPublish> published = sandbox.aws().sns().published();
            assertEquals(2, published.size());
            assertEquals("shop DR readiness OK: all checks OK", published.get(0).subject());
            assertEquals(
                    "shop DR readiness OK -> FAIL: replication: OK -> FAIL",
                    published.get(1).subject());
            String body = published.get(1).message();
            assertTrue(body.contains("replication         FAIL    status ERROR (the source file system failed)"), body);
            assertTrue(body.contains("What to do:"), body);
            String stored = sandbox.aws()
                    .ssm()
                    .get(DR_REGION, "/efs-dr/readiness-state")
                    .orElseThrow()
                    .value();
            assertTrue(stored.startsWith("{\"overall\":\"FAIL\",\"checks\":{\"replication\":\"FAIL\""), stored);
        }
    }
}
