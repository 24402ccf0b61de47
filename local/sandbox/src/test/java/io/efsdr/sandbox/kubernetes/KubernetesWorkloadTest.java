package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesWorkloadTest {
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/shop/deployments";
    private static final String MERGE = "application/merge-patch+json";

    private final KubernetesTestSupport k8s = new KubernetesTestSupport();

    KubernetesWorkloadTest() throws Exception {}

    @BeforeEach
    void seed() {
        k8s.standIn.putDeployment(
                "shop",
                "web",
                0,
                Map.of("app", "web", "tier", "front"),
                Map.of("dr.efsdr.io/standby", "0"),
                List.of("web-data"));
        k8s.standIn.putDeployment("shop", "api", 2, Map.of("app", "api", "tier", "back"), Map.of(), List.of());
        k8s.standIn.putDeployment("other", "web", 1, Map.of("app", "web"), Map.of(), List.of());
        k8s.standIn.putStatefulSet(
                "shop",
                "db",
                1,
                Map.of("app", "db", "tier", "back"),
                Map.of(),
                List.of(new VolumeClaimTemplate("data", "efs-sc")));
        k8s.standIn.putPersistentVolumeClaim("shop", "web-data", "efs-sc", "Bound", "pvc-1234");
        k8s.standIn.putPersistentVolumeClaim("shop", "data-db-0", "efs-sc", "Pending", null);
        k8s.standIn.putPersistentVolumeClaim("other", "logs", "efs-sc", "Bound", "pvc-9");
    }

    @AfterEach
    void close() {
        k8s.close();
    }

    @Test
    void scaleUpBecomesReadyOnlyAfterTheReadinessDelay() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        k8s.standIn.addChangeListener(changes::incrementAndGet);
        JsonNode scale = json(k8s.get(DEPLOYMENTS + "/web/scale"));
        assertEquals("Scale", scale.path("kind").asText());
        assertEquals("autoscaling/v1", scale.path("apiVersion").asText());
        assertTrue(scale.path("spec").path("replicas").isMissingNode(), "0 is omitted, as in the real API");
        assertEquals(0, scale.path("status").path("replicas").asInt());
        assertEquals("app=web,tier=front", scale.path("status").path("selector").asText());

        HttpResponse<String> patched =
                k8s.send("PATCH", DEPLOYMENTS + "/web/scale", "{\"spec\":{\"replicas\":3}}", MERGE);
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals(3, json(patched).path("spec").path("replicas").asInt());
        assertEquals(1, changes.get());

        k8s.clock.advance(Duration.ofSeconds(4));
        JsonNode early = json(k8s.get(DEPLOYMENTS + "/web"));
        assertEquals(3, early.path("spec").path("replicas").asInt());
        assertEquals(2, early.path("metadata").path("generation").asLong());
        assertEquals(2, early.path("status").path("observedGeneration").asLong());
        assertEquals(3, early.path("status").path("replicas").asInt(), "the pods exist from the scale on");
        assertTrue(early.path("status").path("readyReplicas").isMissingNode());
        assertEquals(7, k8s.standIn.runningReplicas(), "api 2 + other/web 1 + db 1 + web 3 starting");
        assertEquals(1, changes.get());

        k8s.clock.advance(Duration.ofSeconds(1));
        JsonNode ready = json(k8s.get(DEPLOYMENTS + "/web"));
        assertEquals(3, ready.path("status").path("readyReplicas").asInt());
        assertEquals(3, ready.path("status").path("availableReplicas").asInt());
        assertEquals(3, ready.path("status").path("replicas").asInt());
        assertEquals(2, changes.get(), "the lazy status change is announced");
        assertTrue(k8s.standIn
                .workload("shop", WorkloadKind.DEPLOYMENT, "web")
                .orElseThrow()
                .settled());
        assertEquals(7, k8s.standIn.runningReplicas());
    }

    @Test
    void scaleDownKeepsPodsUntilTheTerminationGraceEnds() throws Exception {
        k8s.standIn.setTerminationGrace(Duration.ofSeconds(30));
        String sts = "/apis/apps/v1/namespaces/shop/statefulsets/db";
        assertEquals(
                200,
                k8s.send(
                                "PATCH",
                                sts + "/scale",
                                "{\"spec\":{\"replicas\":0}}",
                                "application/strategic-merge-patch+json")
                        .statusCode());
        k8s.clock.advance(Duration.ofSeconds(29));
        WorkloadView draining =
                k8s.standIn.workload("shop", WorkloadKind.STATEFULSET, "db").orElseThrow();
        assertEquals(0, draining.replicas());
        assertEquals(1, draining.statusReplicas());
        k8s.clock.advance(Duration.ofSeconds(1));
        JsonNode gone = json(k8s.get(sts));
        assertEquals("StatefulSet", gone.path("kind").asText());
        assertEquals(0, gone.path("status").path("replicas").asInt());
        assertEquals(
                "efs-sc",
                gone.path("spec")
                        .path("volumeClaimTemplates")
                        .get(0)
                        .path("spec")
                        .path("storageClassName")
                        .asText());
    }

    @Test
    void putScaleWithAStaleResourceVersionConflicts() throws Exception {
        ObjectNode scale = (ObjectNode) json(k8s.get(DEPLOYMENTS + "/api/scale"));
        ObjectNode fresh = scale.deepCopy();
        fresh.withObject("/spec").put("replicas", 5);
        HttpResponse<String> first = k8s.send("PUT", DEPLOYMENTS + "/api/scale", fresh.toString(), "application/json");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(
                5,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "api")
                        .orElseThrow()
                        .replicas());

        ObjectNode stale = scale.deepCopy();
        stale.withObject("/spec").put("replicas", 1);
        HttpResponse<String> second = k8s.send("PUT", DEPLOYMENTS + "/api/scale", stale.toString(), "application/json");
        assertEquals(409, second.statusCode());
        JsonNode status = json(second);
        assertEquals("Conflict", status.path("reason").asText());
        assertTrue(status.path("message")
                .asText()
                .startsWith("Operation cannot be fulfilled on deployments.apps \"api\""));
        assertEquals(
                5,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "api")
                        .orElseThrow()
                        .replicas());

        HttpResponse<String> negative =
                k8s.send("PATCH", DEPLOYMENTS + "/api/scale", "{\"spec\":{\"replicas\":-1}}", MERGE);
        assertEquals(422, negative.statusCode());
        assertEquals("Invalid", json(negative).path("reason").asText());
        assertEquals(404, k8s.get(DEPLOYMENTS + "/nope/scale").statusCode());
    }

    @Test
    void listsFilterByNamespaceAndLabelSelector() throws Exception {
        assertEquals(List.of("api", "web"), names(k8s.get(DEPLOYMENTS)));
        assertEquals(List.of("web"), names(k8s.get(DEPLOYMENTS + "?labelSelector=app%3Dweb")));
        assertEquals(List.of("api"), names(k8s.get(DEPLOYMENTS + "?labelSelector=tier%3Dback,app!%3Dweb")));
        assertEquals(List.of("web"), names(k8s.get(DEPLOYMENTS + "?labelSelector=tier%20in%20(front,edge)")));
        assertEquals(List.of(), names(k8s.get(DEPLOYMENTS + "?labelSelector=missing")));
        assertEquals(List.of("web", "web"), names(k8s.get("/apis/apps/v1/deployments?labelSelector=app%3Dweb")));
        JsonNode all = json(k8s.get("/apis/apps/v1/deployments"));
        assertEquals("DeploymentList", all.path("kind").asText());
        assertEquals(3, all.path("items").size());
        assertEquals(
                List.of("db"), names(k8s.get("/apis/apps/v1/namespaces/shop/statefulsets?labelSelector=tier%3Dback")));
        assertEquals(400, k8s.get(DEPLOYMENTS + "?labelSelector=%3D%3D").statusCode());
        JsonNode web = json(k8s.get(DEPLOYMENTS + "/web"));
        assertEquals(
                "web-data",
                web.path("spec")
                        .path("template")
                        .path("spec")
                        .path("volumes")
                        .get(0)
                        .path("persistentVolumeClaim")
                        .path("claimName")
                        .asText());
        assertEquals(
                "0",
                web.path("metadata")
                        .path("annotations")
                        .path("dr.efsdr.io/standby")
                        .asText());
    }

    @Test
    void persistentVolumeClaimsCanBeReadAndListed() throws Exception {
        String claims = "/api/v1/namespaces/shop/persistentvolumeclaims";
        JsonNode bound = json(k8s.get(claims + "/web-data"));
        assertEquals("PersistentVolumeClaim", bound.path("kind").asText());
        assertEquals("v1", bound.path("apiVersion").asText());
        assertEquals("efs-sc", bound.path("spec").path("storageClassName").asText());
        assertEquals("pvc-1234", bound.path("spec").path("volumeName").asText());
        assertEquals("Bound", bound.path("status").path("phase").asText());
        assertEquals(
                k8s.standIn
                        .persistentVolumeClaim("shop", "web-data")
                        .orElseThrow()
                        .uid(),
                bound.path("metadata").path("uid").asText());
        JsonNode list = json(k8s.get(claims));
        assertEquals("PersistentVolumeClaimList", list.path("kind").asText());
        assertEquals(List.of("data-db-0", "web-data"), names(list));
        assertEquals(
                "Pending",
                list.path("items").get(0).path("status").path("phase").asText());
        assertFalse(list.path("items").get(0).path("spec").has("volumeName"));
        assertEquals(404, k8s.get(claims + "/logs").statusCode());
        assertEquals(
                3, json(k8s.get("/api/v1/persistentvolumeclaims")).path("items").size());
    }

    private static List<String> names(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return names(json(response));
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items")
                .forEach(item -> names.add(item.path("metadata").path("name").asText()));
        return names;
    }
}
