package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's world: the DR workloads are managed by a Flux Kustomization (interval 60 s) and the
 * primary's by an Argo CD Application in a management cluster (without self-heal here: with it,
 * today's failover already stops at Check Primary Stopped, ScalingControllersDrillTest). Git says the DR workloads run at
 * their standby replicas, so after a failover that hands nothing over (today's workflow), Flux puts
 * them back to standby within {@code observeSeconds}: the application goes down again in the region
 * that was to save it. Judged by the sandbox's own records (the workloads' replicas, the objects'
 * journals), never by what the handlers report. The plan says {@code gitops.handover: false} (today's
 * workflow); with the hand-over the DR workloads stay at their active replicas
 * (GitOpsHandoverDrillTest).
 */
class GitOpsRevertDrillTest {
    static final String FLUX_IN_DR = """
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
        {"kind": "flux", "workload": "*", "region": "dr", "revertAfterSeconds": 60}
       ],
       "plan": {"gitops": {"handover": false}}}
      """;

    @Test
    void failover_withHandOverOff_whenFluxManagesTheDrWorkloads_isRevertedToTheStandbyReplicas() {
        try (DrillHarness h = new DrillHarness(FLUX_IN_DR)) {
            DrillReport report = h.failover();

            var dr = report.fin().regions().get("us-west-2").workloads();
            var web =
                    dr.stream().filter(w -> w.name().equals("web")).findFirst().orElseThrow();
            var db = dr.stream().filter(w -> w.name().equals("db")).findFirst().orElseThrow();
            DrillReport.GitOpsView kustomization = report.fin().gitops().stream()
                    .filter(g -> g.kind().equals("Kustomization"))
                    .findFirst()
                    .orElseThrow();
            assertAll(
                    () -> assertEquals(
                            "SUCCEEDED", report.status(), "today's failover reports success: " + h.printed()),
                    () -> assertEquals(1, web.replicas(), "web back at its standby replicas: " + h.printed()),
                    () -> assertEquals(0, db.replicas(), "db back at its standby replicas: " + h.printed()),
                    () -> assertFalse(web.revertedBy().isEmpty(), "Flux's own journal holds the revert"),
                    () -> assertEquals("flux", web.revertedBy().getFirst().controller()),
                    () -> assertTrue(kustomization.reverts() >= 2, kustomization::toString),
                    () -> assertFalse(kustomization.leverOn(), "nothing was handed over"),
                    () -> assertTrue(kustomization.leverChanges().isEmpty(), kustomization::toString),
                    () -> assertEquals("dr", kustomization.site()),
                    () -> assertTrue(
                            report.fin().gitops().stream()
                                    .anyMatch(g -> g.kind().equals("Application")
                                            && g.site().equals("management")),
                            report.fin().gitops()::toString));
        }
    }

    @Test
    void sandbox_whenTheScenarioHasAManagementCluster_servesItThroughEksAndTagsTheWorkloadsItManages()
            throws Exception {
        try (Sandbox sandbox = Sandbox.start(Scenario.parse(Json.MAPPER.readTree(FLUX_IN_DR), null))) {
            KubernetesStandIn management = sandbox.managementCluster();
            assertNotNull(management);
            var primaryWeb = sandbox.primaryCluster().workloads().stream()
                    .filter(w -> w.name().equals("web"))
                    .findFirst()
                    .orElseThrow();
            var drWeb = sandbox.drCluster().workloads().stream()
                    .filter(w -> w.name().equals("web"))
                    .findFirst()
                    .orElseThrow();
            assertAll(
                    () -> assertEquals("shop-management", management.clusterName()),
                    () -> assertEquals("us-west-2", management.region()),
                    () -> assertEquals(
                            "shop-primary:apps/Deployment:shop/web",
                            primaryWeb.annotations().get("argocd.argoproj.io/tracking-id")),
                    () -> assertEquals("shop", drWeb.labels().get("kustomize.toolkit.fluxcd.io/name")),
                    () -> assertEquals("flux-system", drWeb.labels().get("kustomize.toolkit.fluxcd.io/namespace")),
                    () -> assertEquals(1, management.gitOpsObjects().size()));
        }
    }

    @Test
    void scenario_whenAGitOpsObjectIsWrong_namesTheField() {
        for (String[] c : new String[][] {
            {
                "{\"gitopsObjects\": [{\"kind\": \"Rollout\", \"name\": \"x\", \"region\": \"dr\", \"manages\": [\"*\"]}]}",
                "scenario.gitopsObjects[0].kind"
            },
            {
                "{\"gitopsObjects\": [{\"kind\": \"Kustomization\", \"name\": \"x\", \"region\": \"management\","
                        + " \"manages\": [\"*\"]}]}",
                "scenario.gitopsObjects[0].region"
            },
            {
                "{\"gitopsObjects\": [{\"kind\": \"Application\", \"name\": \"x\", \"region\": \"dr\", \"manages\": [\"*\"],"
                        + " \"interval\": 5}]}",
                "scenario.gitopsObjects[0].interval"
            },
            {
                "{\"gitopsObjects\": [{\"kind\": \"Application\", \"name\": \"x\", \"region\": \"dr\","
                        + " \"manages\": [\"shop/Deployment/nope\"]}]}",
                "scenario.gitopsObjects[0].manages[0]"
            },
            {"{\"management\": {\"clusterName\": \"m\", \"zone\": \"a\"}}", "scenario.management.zone"}
        }) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Scenario.parse(Json.MAPPER.readTree(c[0]), null), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
        }
    }
}
