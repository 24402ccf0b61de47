package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pods that ended (evicted: phase Failed) stay in a real cluster until someone deletes them, and
 * are not writers: no stop check may wait for them. Pods that may still run (phase Unknown, or stuck
 * terminating on a NotReady node) are writers: a stop check must wait for them, and no proof may be
 * claimed while they exist. Judged by the sandbox's ground truth, not by what the handlers say.
 */
class EndedPodsDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String DR_FS = "fs-0fedcba9876543210";

    private static String scenario(String endedPod, String more) {
        return """
        {"workloads": [
          {"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 2, "endedPods": [%s]},
          {"namespace": "shop", "kind": "StatefulSet", "name": "db", "activeReplicas": 1}
        ]%s}
        """.formatted(endedPod, more);
    }

    private static final String EVICTED_ON_PRIMARY =
            "{\"phase\": \"Failed\", \"reason\": \"Evicted\", \"region\": \"primary\"}";

    private static DrillReport.WorkloadView web(DrillReport report, String region) {
        return report.fin().regions().get(region).workloads().stream()
                .filter(w -> w.name().equals("web"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void failover_withAnEvictedPodOnThePrimary_completesWithWindowZeroProven() {
        try (DrillHarness h = new DrillHarness(scenario(EVICTED_ON_PRIMARY, ""))) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(0L, report.dataLossWindowSeconds(), h.printed()),
                    () -> assertEquals(Boolean.TRUE, report.dataLossProven()),
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds(), h.printed()),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertEquals(
                            Map.of("Failed", 1),
                            web(report, PRIMARY).endedPods(),
                            "the evicted pod stays: nobody deletes it"),
                    () -> assertEquals(Map.of(), web(report, DR).endedPods()),
                    () -> assertEquals(0, h.sandbox.primaryCluster().runningReplicas(), "no writer left"));
        }
    }

    @Test
    void failover_withAFailedStatefulSetPod_itsControllerRecreatesItAndTheFailoverCompletes() {
        String scenario = """
        {"workloads": [{"namespace": "shop", "kind": "StatefulSet", "name": "db", "activeReplicas": 1,
          "endedPods": [{"phase": "Failed", "reason": "Shutdown"}]}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(Boolean.TRUE, report.dataLossProven(), h.printed()),
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds(), h.printed()),
                    () -> assertTrue(report.fin().regions().values().stream()
                            .flatMap(r -> r.workloads().stream())
                            .allMatch(w -> w.endedPods().isEmpty())));
        }
    }

    @Test
    void failover_withAPodInPhaseUnknownOnThePrimary_neverPromotesNorClaimsAProof() {
        assertStopBlocked("{\"phase\": \"Unknown\", \"reason\": \"NodeLost\", \"region\": \"primary\"}");
    }

    @Test
    void failover_withAPodStuckTerminatingOnANotReadyNode_neverPromotesNorClaimsAProof() {
        assertStopBlocked("{\"phase\": \"Unknown\", \"terminatingOnNotReadyNode\": true, \"region\": \"primary\"}");
    }

    private static void assertStopBlocked(String endedPod) {
        try (DrillHarness h = new DrillHarness(scenario(endedPod, ""))) {
            DrillReport report = h.failover();

            assertAll(
                    () -> assertEquals("FAILED", report.status(), h.printed()),
                    () -> assertEquals("Check Primary Stopped", report.failedState(), h.printed()),
                    () -> assertNotEquals(Boolean.TRUE, report.dataLossProven()),
                    () -> assertFalse(h.sandbox.aws().efs().isWritable(DR_FS), "DR never promoted"),
                    () -> assertEquals(0.0, report.groundTruth().splitBrainSeconds()),
                    () -> assertTrue(
                            h.sandbox.primaryCluster().runningReplicas() > 0,
                            "the pod on the unreachable node is still a writer"),
                    () -> assertEquals(
                            Map.of("Unknown", 1), web(report, PRIMARY).endedPods()),
                    () -> assertTrue(report.error().contains("may still write"), report.error()));
        }
    }

    @Test
    void guard_afterARegionDownFailover_doesNotWaitForAnEvictedPod() {
        String scenario = scenario(
                EVICTED_ON_PRIMARY,
                ", \"primaryReachable\": false, \"primaryReturnsAfterSeconds\": 600," + " \"observeSeconds\": 1800");
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            List<String> guard = report.notifications().stream()
                    .map(DrillReport.NotificationView::subject)
                    .filter(s -> s.startsWith("DR guard"))
                    .toList();
            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertEquals(1, guard.size(), guard.toString()),
                    () -> assertTrue(
                            guard.getFirst().contains("2 workloads stopped, file system write-fenced"),
                            guard.toString()),
                    () -> assertEquals(0, h.sandbox.primaryCluster().runningReplicas()),
                    () -> assertFalse(
                            h.sandbox
                                    .aws()
                                    .events()
                                    .rule(DR, Sandbox.GUARD_RULE)
                                    .orElseThrow()
                                    .enabled(),
                            "the guard finished and disabled its schedule"));
        }
    }

    @Test
    void failback_afterARegionDownFailoverWithAnEvictedPodOnThePrimary_isNotRefused() throws Exception {
        try (DrillHarness h = new DrillHarness(scenario(EVICTED_ON_PRIMARY, ", \"primaryReachable\": false"))) {
            assertEquals("SUCCEEDED", h.failover().status(), h.printed());
            h.sandbox.primaryRegionRecovers(true);
            h.runGuard();
            // The guard's schedule fires every minute: the next run sees the stopped pods gone.
            h.sandbox.clock().advance(Duration.ofMinutes(1));
            h.runGuard();

            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertAll(
                    () -> assertEquals("SUCCEEDED", report.status(), h.printed()),
                    () -> assertTrue(report.invariantViolations().isEmpty(), report.invariantViolations()::toString),
                    () -> assertTrue(h.sandbox.aws().efs().isWritable(PRIMARY_FS)),
                    () -> assertEquals(2, web(report, PRIMARY).readyReplicas(), "the evicted pod is not counted ready"),
                    () -> assertEquals(Map.of("Failed", 1), web(report, PRIMARY).endedPods()));
        }
    }
}
