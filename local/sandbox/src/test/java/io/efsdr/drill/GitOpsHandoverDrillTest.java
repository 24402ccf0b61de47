package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, done when: the DR workloads are managed by a Flux Kustomization in DR (interval 60 s), the
 * primary's by an Argo CD Application (self-heal) in a management cluster. A failover hands both over
 * before its first scale: every DR workload stays at its active replicas through {@code
 * observeSeconds} 1800, the primary stays stopped and the window is proven without a second stop; the
 * following failback gives every controller back, in sync, and leaves the world as it was. The same
 * world with {@code gitops.handover: false} (today's behaviour) shows the DR workloads reverted. Judged
 * by the sandbox's own records (replicas, the controllers' journals, the objects' levers), never by
 * what the handlers report.
 */
class GitOpsHandoverDrillTest {
    static String world(boolean handover) {
        return """
          {"observeSeconds": 1800,
           "workloads": [
            {"name": "web", "activeReplicas": 3, "standbyReplicas": 1},
            {"kind": "StatefulSet", "name": "db", "activeReplicas": 1, "standbyReplicas": 0}
           ],
           "gitopsObjects": [
            {"kind": "Kustomization", "namespace": "flux-system", "name": "shop", "region": "dr", "manages": ["*"]},
            {"kind": "Application", "name": "shop-primary", "region": "management", "destination": "primary",
             "manages": ["*"]}
           ],
           "controllers": [
            {"kind": "flux", "workload": "*", "region": "dr", "revertAfterSeconds": 60},
            {"kind": "argocd", "workload": "*", "region": "primary", "revertAfterSeconds": 60}
           ],
           "plan": {"gitops": {"handover": %s,
                               "argocd": {"clusterName": "shop-management", "region": "us-west-2"}}}}
          """.formatted(handover);
    }

    private static Map<String, Integer> replicas(DrillReport report, String region) {
        return report.fin().regions().get(region).workloads().stream()
                .collect(Collectors.toMap(DrillReport.WorkloadView::name, DrillReport.WorkloadView::replicas));
    }

    private static List<String> steps(DrillReport report) {
        return report.steps().stream().map(DrillReport.Step::name).toList();
    }

    @Test
    void failoverAndFailback_withHandOver_keepDrActiveAndGiveEveryControllerBackInSync() {
        try (DrillHarness h = new DrillHarness(world(true))) {
            DrillReport failover = h.failover();

            List<DrillReport.Revert> drReverts = failover.fin().regions().get("us-west-2").workloads().stream()
                    .flatMap(w -> w.revertedBy().stream())
                    .toList();
            assertAll(
                    () -> assertEquals("SUCCEEDED", failover.status(), h.printed()),
                    () -> assertEquals(Map.of("web", 3, "db", 1), replicas(failover, "us-west-2"), h.printed()),
                    () -> assertEquals(List.of(), drReverts, "no revert in DR through observeSeconds"),
                    () -> assertEquals(Map.of("web", 0, "db", 0), replicas(failover, "us-east-1"), h.printed()),
                    () -> assertTrue(Boolean.TRUE.equals(failover.dataLossProven()), h.printed()),
                    () -> assertFalse(
                            steps(failover).contains("Stop Primary Again"), "no second stop: " + steps(failover)),
                    () -> assertTrue(
                            steps(failover).indexOf("Hand Over From GitOps")
                                    < steps(failover).indexOf("Fence Primary Region"),
                            steps(failover)::toString),
                    () -> assertTrue(
                            failover.fin().gitops().stream().allMatch(DrillReport.GitOpsView::leverOn),
                            failover.fin().gitops()::toString),
                    () -> assertTrue(
                            failover.notifications().stream()
                                    .anyMatch(n -> n.message().contains("the desired state in Git")
                                            && n.message().contains("alpha feature of Argo CD")),
                            "the notice says what to change in Git"));

            DrillReport failback = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertAll(
                    () -> assertEquals("SUCCEEDED", failback.status(), h.printed()),
                    () -> assertEquals(Map.of("web", 3, "db", 1), replicas(failback, "us-east-1"), h.printed()),
                    () -> assertEquals(Map.of("web", 1, "db", 0), replicas(failback, "us-west-2"), h.printed()),
                    () -> assertTrue(steps(failback).contains("Give Back To GitOps"), steps(failback)::toString),
                    () -> assertEquals(
                            2, failback.fin().gitops().size(), failback.fin().gitops()::toString),
                    () -> assertTrue(
                            failback.fin().gitops().stream().noneMatch(DrillReport.GitOpsView::leverOn),
                            "every lever given back: " + failback.fin().gitops()),
                    () -> assertTrue(
                            failback.fin().gitops().stream().allMatch(DrillReport.GitOpsView::inSync),
                            "every controller in sync: " + failback.fin().gitops()));
        }
    }

    @Test
    void failover_withoutHandOver_isUndoneByTheControllers() {
        try (DrillHarness h = new DrillHarness(world(false))) {
            DrillReport failover = h.failover();

            List<String> primaryReverts = failover.fin().regions().get("us-east-1").workloads().stream()
                    .flatMap(w -> w.revertedBy().stream())
                    .map(DrillReport.Revert::controller)
                    .distinct()
                    .toList();
            assertAll(
                    () -> assertEquals("FAILED", failover.status(), h.printed()),
                    () -> assertEquals("Check Primary Stopped", failover.failedState(), h.printed()),
                    () -> assertEquals(List.of("argocd"), primaryReverts, "Argo CD undid the primary's stop"),
                    () -> assertEquals(
                            Map.of("web", 1, "db", 0),
                            replicas(failover, "us-west-2"),
                            "the DR workloads are at Git's standby replicas: " + h.printed()),
                    () -> assertTrue(
                            failover.fin().gitops().stream().noneMatch(DrillReport.GitOpsView::leverOn),
                            failover.fin().gitops()::toString));
        }
    }

    /** Flux alone in DR (GitOpsRevertDrillTest's world) with and without the hand-over. */
    @Test
    void failover_ofAFluxOnlyWorld_staysActiveOnlyWithTheHandOver() {
        String fluxOnly =
                GitOpsRevertDrillTest.FLUX_IN_DR.replace("\"gitops\": {\"handover\": false}", "\"gitops\": {}");
        try (DrillHarness h = new DrillHarness(fluxOnly)) {
            DrillReport failover = h.failover();

            assertAll(
                    () -> assertEquals("SUCCEEDED", failover.status(), h.printed()),
                    () -> assertEquals(Map.of("web", 3, "db", 1), replicas(failover, "us-west-2"), h.printed()));
        }
    }
}
