package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.kubernetes.ScaleChange;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Waves, executed for real: the database (a StatefulSet, wave 1) starts and is ready before the
 * Deployments of wave 2 are scaled; a failback stops wave 2 before wave 1. The times come from the
 * sandbox's own records (scale changes, pod lifetimes), never from what the handlers report.
 */
class WavesDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String WORKLOADS = """
            [{"kind": "StatefulSet", "name": "orders-db", "activeReplicas": 2, "wave": 1},
             {"kind": "Deployment", "name": "web", "activeReplicas": 3, "wave": 2},
             {"kind": "Deployment", "name": "api", "activeReplicas": 2, "wave": 2}]""";
    private static final Predicate<String> WAVE_ONE = "orders-db"::equals;

    @Test
    void failover_withTwoWaves_scalesTheSecondOnlyOnceTheFirstIsReady() {
        try (DrillHarness h = new DrillHarness("{\"workloads\": " + WORKLOADS + "}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            List<DrillReport.WorkloadView> dr = report.fin().regions().get(DR).workloads();
            dr.forEach(w -> {
                assertNotNull(w.scaledAt(), w.name());
                assertNotNull(w.readyAt(), w.name());
            });
            double lastWaveOneReady = dr.stream()
                    .filter(w -> WAVE_ONE.test(w.name()))
                    .mapToDouble(DrillReport.WorkloadView::readyAt)
                    .max()
                    .orElseThrow();
            dr.stream()
                    .filter(w -> !WAVE_ONE.test(w.name()))
                    .forEach(w -> assertTrue(
                            w.scaledAt() >= lastWaveOneReady,
                            w.name() + " scaled at " + w.scaledAt() + " s, before wave 1 was ready at "
                                    + lastWaveOneReady + " s"));
            assertEquals(2, entries(report, "Scale DR Workloads"), "one scale per wave");
        }
    }

    @Test
    void failover_withoutWaves_scalesEveryWorkloadInOneStep() {
        try (DrillHarness h = new DrillHarness("{}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(1, entries(report, "Scale DR Workloads"));
            List<Double> scaled = report.fin().regions().get(DR).workloads().stream()
                    .map(DrillReport.WorkloadView::scaledAt)
                    .sorted()
                    .toList();
            assertTrue(scaled.get(scaled.size() - 1) - scaled.get(0) < 1, "all scaled together: " + scaled);
        }
    }

    @Test
    void failback_withTwoWaves_stopsInReverseAndStartsInOrder() {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\", \"workloads\": " + WORKLOADS + "}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            List<DrillReport.WorkloadView> dr = report.fin().regions().get(DR).workloads();
            dr.forEach(w -> assertNotNull(w.stoppedAt(), w.name()));
            double lastWaveTwoStopped = dr.stream()
                    .filter(w -> !WAVE_ONE.test(w.name()))
                    .mapToDouble(DrillReport.WorkloadView::stoppedAt)
                    .max()
                    .orElseThrow();
            Map<String, Instant> stopCalls = h.sandbox.cluster(DR).scaleChanges().stream()
                    .filter(c -> c.to() == 0)
                    .collect(Collectors.toMap(ScaleChange::name, ScaleChange::at, (a, b) -> a));
            Instant waveOneStop = stopCalls.get("orders-db");
            assertNotNull(waveOneStop);
            double waveOneStopSeconds =
                    (waveOneStop.toEpochMilli() - h.sandbox.startedAt().toEpochMilli()) / 1000.0;
            assertTrue(
                    waveOneStopSeconds >= lastWaveTwoStopped,
                    "orders-db told to stop at " + waveOneStopSeconds + " s, before wave 2 was gone at "
                            + lastWaveTwoStopped + " s");

            List<DrillReport.WorkloadView> primary =
                    report.fin().regions().get(PRIMARY).workloads();
            double primaryWaveOneReady = primary.stream()
                    .filter(w -> WAVE_ONE.test(w.name()))
                    .mapToDouble(DrillReport.WorkloadView::readyAt)
                    .max()
                    .orElseThrow();
            primary.stream()
                    .filter(w -> !WAVE_ONE.test(w.name()))
                    .forEach(w -> assertTrue(w.scaledAt() >= primaryWaveOneReady, w.name()));
            assertEquals(2, entries(report, "Stop DR Workloads"));
            assertEquals(2, entries(report, "Scale Primary Workloads"));
        }
    }

    @Test
    void failover_withWavesFromAnnotations_ordersTheSelectedWorkloads() {
        String scenario = "{\"workloads\": " + WORKLOADS + ", \"plan\": {\"workloads\": {\"items\": [],"
                + " \"selector\": {\"namespaces\": [\"shop\"],"
                + " \"matchLabels\": {\"app.kubernetes.io/part-of\": \"shop\"}}}}}";
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            List<DrillReport.WorkloadView> dr = report.fin().regions().get(DR).workloads();
            DrillReport.WorkloadView db =
                    dr.stream().filter(w -> WAVE_ONE.test(w.name())).findFirst().orElseThrow();
            double firstWaveTwoScaled = dr.stream()
                    .filter(w -> !WAVE_ONE.test(w.name()))
                    .map(DrillReport.WorkloadView::scaledAt)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            assertTrue(firstWaveTwoScaled >= db.readyAt(), h.printed());
        }
    }

    private static int entries(DrillReport report, String state) {
        return report.steps().stream()
                .filter(s -> s.name().equals(state))
                .mapToInt(DrillReport.Step::entries)
                .sum();
    }
}
