package io.efsdr.sandbox.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The levers of issue 22, each set and removed through the stand-in's API with the JDK HttpClient
 * (merge patches, as the orchestrator sends them): while a lever is on, the controller does not put
 * the replicas back and the object reports out of sync; once removed, it resumes and reverts to Git's
 * number, and reports in sync. Judged by the workload's {@code spec.replicas} and the object's own
 * status and journal.
 */
class GitOpsLeversTest {
    private static final String MERGE = "application/merge-patch+json";
    private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/shop/deployments/web";
    private static final String APPLICATION = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/shop";
    private static final String KUSTOMIZATION =
            "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/shop";
    private static final String HELM_RELEASE = "/apis/helm.toolkit.fluxcd.io/v2/namespaces/shop/helmreleases/web";

    /** A cluster whose Deployment shop/web (Git: 2 replicas) is managed by one object of {@code kind}. */
    private static KubernetesTestSupport world(String kind, String controller, long revertAfter, ObjectNode spec)
            throws Exception {
        KubernetesTestSupport k = new KubernetesTestSupport();
        k.standIn.addController(controller, "*", revertAfter, false, 330);
        String namespace =
                kind.equals("Application") ? "argocd" : kind.equals("Kustomization") ? "flux-system" : "shop";
        String name = kind.equals("HelmRelease") ? "web" : "shop";
        KubernetesStandIn.GitOpsHandle handle = k.standIn.putGitOpsObject(kind, namespace, name, "dr", spec, Map.of());
        k.standIn.manageWorkload("shop/Deployment/web", handle);
        k.standIn.putDeployment("shop", "web", 2, Map.of("app", "web"), Map.of(), List.of("web-data"));
        return k;
    }

    private static ObjectNode spec() {
        return KubernetesTestSupport.JSON.createObjectNode();
    }

    private static void scaleTo(KubernetesTestSupport k, int replicas) throws Exception {
        HttpResponse<String> r =
                k.send("PATCH", DEPLOYMENT + "/scale", "{\"spec\":{\"replicas\":" + replicas + "}}", MERGE);
        assertEquals(200, r.statusCode(), r.body());
    }

    private static int replicas(KubernetesTestSupport k) throws Exception {
        return KubernetesTestSupport.json(k.get(DEPLOYMENT))
                .path("spec")
                .path("replicas")
                .asInt();
    }

    private static JsonNode patch(KubernetesTestSupport k, String path, String body) throws Exception {
        HttpResponse<String> r = k.send("PATCH", path, body, MERGE);
        assertEquals(200, r.statusCode(), r.body());
        return KubernetesTestSupport.json(r);
    }

    private static JsonNode object(KubernetesTestSupport k, String path) throws Exception {
        HttpResponse<String> r = k.get(path);
        assertEquals(200, r.statusCode(), r.body());
        return KubernetesTestSupport.json(r);
    }

    private static String ready(JsonNode flux) {
        for (JsonNode c : flux.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText();
            }
        }
        return "absent";
    }

    private static KubernetesStandIn.GitOpsObjectView view(KubernetesTestSupport k) {
        return k.standIn.gitOpsObjects().getFirst();
    }

    @Test
    void application_whenSkipReconcileIsOn_doesNotHealUntilItIsRemovedThenHealsAndIsSynced() throws Exception {
        try (KubernetesTestSupport k = world("Application", "argocd", 5, spec())) {
            patch(k, APPLICATION, "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/skip-reconcile\":\"true\"}}}");
            scaleTo(k, 5);
            k.clock.advance(Duration.ofMinutes(30));

            assertAll(
                    () -> assertEquals(5, replicas(k), "no heal while the Application is skipped"),
                    () -> assertEquals(
                            "OutOfSync",
                            object(k, APPLICATION)
                                    .path("status")
                                    .path("sync")
                                    .path("status")
                                    .asText()),
                    () -> assertTrue(view(k).leverOn()));

            JsonNode removed = patch(
                    k, APPLICATION, "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/skip-reconcile\":null}}}");
            assertFalse(removed.path("metadata").path("annotations").has("argocd.argoproj.io/skip-reconcile"));
            k.clock.advance(Duration.ofSeconds(6));

            assertAll(
                    () -> assertEquals(2, replicas(k), "healed to Git's number once the annotation is gone"),
                    () -> assertEquals(
                            "Synced",
                            object(k, APPLICATION)
                                    .path("status")
                                    .path("sync")
                                    .path("status")
                                    .asText()),
                    () -> assertFalse(view(k).leverOn()),
                    () -> assertEquals(1, view(k).reverts()),
                    () -> assertEquals(2, view(k).leverChanges().size(), "set and removed, journaled"),
                    () -> assertEquals(
                            "dr-orchestrator", view(k).leverChanges().getFirst().by()));
        }
    }

    @Test
    void application_whenItIgnoresReplicasAndRespectsIgnoreDifferences_neverHealsAndStaysSynced() throws Exception {
        ObjectNode spec = spec();
        spec.putArray("ignoreDifferences")
                .addObject()
                .put("group", "apps")
                .put("kind", "Deployment")
                .putArray("jsonPointers")
                .add("/spec/replicas");
        spec.putObject("syncPolicy").putArray("syncOptions").add("RespectIgnoreDifferences=true");
        try (KubernetesTestSupport k = world("Application", "argocd", 5, spec)) {
            scaleTo(k, 5);
            k.clock.advance(Duration.ofHours(1));

            assertAll(
                    () -> assertEquals(5, replicas(k)),
                    () -> assertEquals(
                            "Synced",
                            object(k, APPLICATION)
                                    .path("status")
                                    .path("sync")
                                    .path("status")
                                    .asText()),
                    () -> assertEquals(0, view(k).reverts()));

            patch(k, APPLICATION, "{\"spec\":{\"syncPolicy\":{\"syncOptions\":[]}}}");
            scaleTo(k, 4);
            k.clock.advance(Duration.ofSeconds(6));
            assertEquals(2, replicas(k), "without RespectIgnoreDifferences=true the replicas are healed");
        }
    }

    @Test
    void kustomization_whenTheWorkloadSaysReconcileDisabled_isNeitherAppliedUntilTheAnnotationIsRemoved()
            throws Exception {
        try (KubernetesTestSupport k = world("Kustomization", "flux", 60, spec())) {
            JsonNode patched = patch(
                    k,
                    DEPLOYMENT,
                    "{\"metadata\":{\"annotations\":{\"kustomize.toolkit.fluxcd.io/reconcile\":\"disabled\"}}}");
            assertEquals(
                    "disabled",
                    patched.path("metadata")
                            .path("annotations")
                            .path("kustomize.toolkit.fluxcd.io/reconcile")
                            .asText());
            scaleTo(k, 5);
            k.clock.advance(Duration.ofMinutes(30));

            assertAll(
                    () -> assertEquals(5, replicas(k), "kustomize-controller skips a disabled object"),
                    () -> assertEquals("False", ready(object(k, KUSTOMIZATION))),
                    () -> assertTrue(view(k).leverOn()),
                    () -> assertEquals(
                            "shop/Deployment/web",
                            view(k).leverChanges().getFirst().workload()));

            patch(k, DEPLOYMENT, "{\"metadata\":{\"annotations\":{\"kustomize.toolkit.fluxcd.io/reconcile\":null}}}");
            k.clock.advance(Duration.ofSeconds(59));
            assertEquals(5, replicas(k), "not before the next interval");
            k.clock.advance(Duration.ofSeconds(1));

            assertAll(
                    () -> assertEquals(2, replicas(k), "reapplied at the next interval"),
                    () -> assertEquals("True", ready(object(k, KUSTOMIZATION))),
                    () -> assertFalse(view(k).leverOn()),
                    () -> assertEquals(1, view(k).reverts()));
        }
    }

    @Test
    void helmRelease_whenSuspended_isNotReconciledAndItsObservedGenerationLagsUntilResumed() throws Exception {
        try (KubernetesTestSupport k = world("HelmRelease", "flux", 60, spec())) {
            JsonNode suspended = patch(k, HELM_RELEASE, "{\"spec\":{\"suspend\":true}}");
            assertAll(
                    () -> assertEquals(
                            2, suspended.path("metadata").path("generation").asInt()),
                    () -> assertEquals(
                            1,
                            suspended.path("status").path("observedGeneration").asInt()));
            scaleTo(k, 0);
            k.clock.advance(Duration.ofMinutes(30));

            assertAll(
                    () -> assertEquals(0, replicas(k), "helm-controller skips a suspended release"),
                    () -> assertEquals("False", ready(object(k, HELM_RELEASE))));

            JsonNode resumed = patch(k, HELM_RELEASE, "{\"spec\":{\"suspend\":null}}");
            assertEquals(3, resumed.path("status").path("observedGeneration").asInt());
            k.clock.advance(Duration.ofSeconds(60));

            assertAll(
                    () -> assertEquals(2, replicas(k)),
                    () -> assertEquals("True", ready(object(k, HELM_RELEASE))),
                    () -> assertEquals(1, view(k).reverts()));
        }
    }

    @Test
    void patch_whenTheVerbIsDenied_is403AndALeverPatchOfAnotherKindIsStillServed() throws Exception {
        try (KubernetesTestSupport k = world("Application", "argocd", 5, spec())) {
            k.standIn.setAccessRules(List.of(
                    new AccessRule("get", "applications"),
                    new AccessRule("get", "deployments"),
                    new AccessRule("patch", "deployments")));

            HttpResponse<String> denied = k.send(
                    "PATCH",
                    APPLICATION,
                    "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/skip-reconcile\":\"true\"}}}",
                    MERGE);
            HttpResponse<String> strategic = k.send(
                    "PATCH",
                    DEPLOYMENT,
                    "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}",
                    "application/strategic-merge-patch+json");

            assertAll(
                    () -> assertEquals(403, denied.statusCode(), denied.body()),
                    () -> assertTrue(
                            denied.body()
                                    .contains(
                                            "cannot patch resource \\\"applications\\\" in API group \\\"argoproj.io\\\""),
                            denied.body()),
                    () -> assertEquals(200, k.get(APPLICATION).statusCode()),
                    () -> assertFalse(view(k).leverOn()),
                    () -> assertEquals(200, strategic.statusCode(), strategic.body()));
        }
    }

    @Test
    void patch_ofACustomResourceWithAStrategicMergePatch_is415AsForEveryCustomResource() throws Exception {
        try (KubernetesTestSupport k = world("HelmRelease", "flux", 60, spec())) {
            HttpResponse<String> r = k.send(
                    "PATCH", HELM_RELEASE, "{\"spec\":{\"suspend\":true}}", "application/strategic-merge-patch+json");
            assertEquals(415, r.statusCode(), r.body());
            assertEquals(404, k.get(HELM_RELEASE.replace("/web", "/other")).statusCode());
        }
    }
}
