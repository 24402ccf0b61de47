package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Waves, hooks, the traffic switch and the audit record together, in the world of
 * {@code local/scenarios/full-recovery.json}: each is drilled alone elsewhere; this shows they
 * compose in one failover and one failback.
 */
class FullRecoveryDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String SMOKE_TEST = "arn:aws:lambda:us-west-2:123456789012:function:shop-smoke-test";

    private static String scenario() throws Exception {
        return Files.readString(ExecutionRunner.projectRoot().resolve("local/scenarios/full-recovery.json"));
    }

    private static JsonNode lastRecord(DrillHarness h, DrillReport report) throws Exception {
        String key = report.fin().evidence().stream()
                .filter(k -> k.endsWith("/record.json"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring(("s3://" + Sandbox.AUDIT_BUCKET + "/").length());
        return Json.MAPPER.readTree(h.sandbox
                .aws()
                .s3()
                .get(Sandbox.AUDIT_BUCKET, key)
                .orElseThrow()
                .text());
    }

    private static double lastReadyOfWave(List<DrillReport.WorkloadView> workloads, String waveOneName) {
        return workloads.stream()
                .filter(w -> w.name().equals(waveOneName))
                .mapToDouble(DrillReport.WorkloadView::readyAt)
                .max()
                .orElseThrow();
    }

    @Test
    void failoverThenFailback_wavesInOrder_hooksCalled_trafficMovedAndBack_everythingOnRecord() throws Exception {
        try (DrillHarness h = new DrillHarness(scenario())) {
            DrillReport failover = h.failover();

            assertEquals("SUCCEEDED", failover.status(), h.printed());
            assertTrue(
                    failover.invariantViolations().isEmpty(),
                    failover.invariantViolations().toString());
            List<DrillReport.WorkloadView> dr = failover.fin().regions().get(DR).workloads();
            double databaseReady = lastReadyOfWave(dr, "orders-db");
            dr.stream()
                    .filter(w -> !w.name().equals("orders-db"))
                    .forEach(w -> assertTrue(
                            w.scaledAt() >= databaseReady,
                            w.name() + " scaled at " + w.scaledAt() + " s, before wave 1 was ready at "
                                    + databaseReady));
            assertEquals(
                    List.of("beforeFence ok", "afterWave ok", "afterWave ok", "afterReadiness ok"),
                    failover.hooks().stream()
                            .map(k -> k.at() + " " + k.status())
                            .toList());
            assertEquals(Map.of(PRIMARY, "OFF", DR, "ON"), failover.fin().traffic());
            JsonNode record = lastRecord(h, failover);
            assertAll(
                    "the failover's record holds the hooks and the switch",
                    () -> assertEquals(4, record.path("hooks").size(), record.toString()),
                    () -> assertEquals(DR, record.path("traffic").path("to").asText(), record.toString()),
                    () -> assertTrue(record.path("traffic").path("verified").asBoolean(), record.toString()));

            DrillReport failback = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", failback.status(), h.printed());
            assertTrue(
                    failback.invariantViolations().isEmpty(),
                    failback.invariantViolations().toString());
            assertEquals(Map.of(PRIMARY, "ON", DR, "OFF"), failback.fin().traffic());
            List<DrillReport.WorkloadView> stopped =
                    failback.fin().regions().get(DR).workloads();
            double databaseStopped = stopped.stream()
                    .filter(w -> w.name().equals("orders-db"))
                    .mapToDouble(DrillReport.WorkloadView::stoppedAt)
                    .max()
                    .orElseThrow();
            stopped.stream()
                    .filter(w -> !w.name().equals("orders-db"))
                    .forEach(w -> assertTrue(
                            w.stoppedAt() <= databaseStopped,
                            w.name() + " stopped at " + w.stoppedAt() + " s, after the database at "
                                    + databaseStopped));
            assertTrue(
                    failback.hooks().stream()
                            .anyMatch(k -> k.at().equals("afterFailback")
                                    && k.target().equals(SMOKE_TEST)
                                    && k.status().equals("ok")),
                    failback.hooks().toString());
            JsonNode back = lastRecord(h, failback);
            assertEquals(PRIMARY, back.path("traffic").path("to").asText(), back.toString());
        }
    }
}
