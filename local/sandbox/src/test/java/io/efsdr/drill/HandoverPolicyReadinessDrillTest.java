package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import org.junit.jupiter.api.Test;

/**
 * The GitOps hand-over patches Flux-managed workloads (the annotation
 * kustomize.toolkit.fluxcd.io/reconcile), a right kubernetes/rbac.yaml grants and
 * kubernetes/handover-policy.yaml narrows: readiness warns, naming the file, in each cluster where
 * Flux applies plan workloads and the policy is missing, and the access review asks for the patch
 * right and the policy reads.
 */
class HandoverPolicyReadinessDrillTest {
    private static String world(String extra) {
        return """
          {"workloads": [
            {"name": "web", "activeReplicas": 2, "standbyReplicas": 0,
             "labels": {"kustomize.toolkit.fluxcd.io/name": "shop",
                        "kustomize.toolkit.fluxcd.io/namespace": "flux-system"}},
            {"name": "api", "activeReplicas": 1, "standbyReplicas": 0}
          ]%s}
          """.formatted(extra);
    }

    private static String check(JsonNode report, String name) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("status").asText() + " " + c.path("detail").asText();
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static JsonNode readiness(String scenario) throws Exception {
        try (Sandbox sandbox = Sandbox.start(Scenario.parse(Json.MAPPER.readTree(scenario), null));
                HandlerHost host = new HandlerHost(sandbox)) {
            return Drill.runReadiness(host);
        }
    }

    @Test
    void readiness_whenFluxManagesWorkloadsAndThePolicyIsMissing_warnsNamingTheFileInBothClusters() throws Exception {
        JsonNode report = readiness(world(", \"handoverPolicy\": false"));

        String workloads = check(report, "dr-workloads");
        assertAll(
                () -> assertTrue(workloads.startsWith("WARN "), workloads),
                () -> assertTrue(workloads.contains("kubectl apply -f kubernetes/handover-policy.yaml"), workloads),
                () -> assertTrue(
                        workloads.contains("shop-primary has no ValidatingAdmissionPolicy"
                                + " efs-dr-orchestrator-workload-changes"),
                        workloads),
                () -> assertTrue(
                        workloads.contains(
                                "shop-dr has no ValidatingAdmissionPolicy efs-dr-orchestrator-workload-changes"),
                        workloads));
    }

    @Test
    void readiness_whenThePolicyIsApplied_saysNothingOfIt() throws Exception {
        JsonNode report = readiness(world(""));

        String workloads = check(report, "dr-workloads");
        assertFalse(workloads.contains("handover-policy"), workloads);
        assertTrue(check(report, "dr-cluster-access").startsWith("OK "), check(report, "dr-cluster-access"));
    }

    @Test
    void readiness_withoutFlux_doesNotAskForThePolicy() throws Exception {
        JsonNode report = readiness("""
                {"workloads": [{"name": "web", "activeReplicas": 2, "standbyReplicas": 0}],
                 "handoverPolicy": false}
                """);

        assertFalse(check(report, "dr-workloads").contains("handover-policy"), check(report, "dr-workloads"));
    }

    @Test
    void accessReview_whenTheHandoverRightsAreNotGranted_failsNamingThem() throws Exception {
        JsonNode report =
                readiness(world(", \"deniedVerbs\": [\"patch deployments\", \"get validatingadmissionpolicies\"]"));

        String access = check(report, "dr-cluster-access");
        assertAll(
                () -> assertTrue(access.startsWith("FAIL "), access),
                () -> assertTrue(access.contains("patch deployments in namespace shop"), access),
                () -> assertTrue(
                        access.contains("get validatingadmissionpolicies/efs-dr-orchestrator-workload-changes"),
                        access));
    }

    @Test
    void accessReview_asksForTheFluxRights_inTheFluxObjectsNamespace_onlyWhenFluxManagesWorkloads() throws Exception {
        String denied = ", \"deniedVerbs\": [\"patch helmreleases\", \"get kustomizations\"]";
        String managed = check(readiness(world(denied)), "dr-cluster-access");
        String unmanaged = check(readiness("""
                        {"workloads": [{"name": "web", "activeReplicas": 2, "standbyReplicas": 0}]%s}
                        """.formatted(denied)), "dr-cluster-access");

        assertAll(
                () -> assertTrue(managed.startsWith("FAIL "), managed),
                () -> assertTrue(managed.contains("get kustomizations in namespace flux-system"), managed),
                () -> assertTrue(managed.contains("patch helmreleases in namespace flux-system"), managed),
                // (a scenario's deniedVerbs also takes the unserved scaledobjects away: that is not asked here)
                () -> assertFalse(unmanaged.contains("helmreleases"), unmanaged),
                () -> assertFalse(unmanaged.contains("kustomizations"), unmanaged));
    }
}
