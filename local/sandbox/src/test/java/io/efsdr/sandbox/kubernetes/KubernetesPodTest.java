package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.REGION;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesPodTest {
    private static final String APPS = "/apis/apps/v1/namespaces/shop/";
    private static final String PODS = "/api/v1/namespaces/shop/pods";
    private static final String MERGE = "application/merge-patch+json";

    private final KubernetesTestSupport k8s = new KubernetesTestSupport();
    private Instant seededAt;

    KubernetesPodTest() throws Exception {}

    @BeforeEach
    void seed() {
        k8s.standIn.setTerminationGrace(Duration.ofSeconds(30));
        seededAt = k8s.clock.instant();
        k8s.standIn.putDeployment(
                "shop", "api", 2, Map.of("app", "api", "tier", "back"), Map.of(), List.of("api-data"));
        k8s.standIn.putDeployment("shop", "web", 1, Map.of("app", "web"), Map.of(), List.of());
        k8s.standIn.putDeployment("other", "web", 1, Map.of("app", "web"), Map.of(), List.of());
        k8s.standIn.putStatefulSet(
                "shop",
                "db",
                3,
                Map.of("app", "db", "tier", "back"),
                Map.of(),
                List.of(new VolumeClaimTemplate("data", "efs-sc")));
    }

    @AfterEach
    void close() {
        k8s.close();
    }

    @Test
    void deploymentScaledToZero_whenPodsTerminate_statusDropsAtOnceButPodsStayForTheGrace() throws Exception {
        Instant before = k8s.clock.instant();
        scale("deployments", "api", 0);
        Instant after = k8s.clock.instant();

        JsonNode deployment = json(k8s.get(APPS + "deployments/api"));
        JsonNode status = deployment.path("status");
        assertEquals(0, status.path("replicas").asInt(), status.toString());
        assertTrue(status.path("readyReplicas").isMissingNode(), status.toString());
        assertTrue(status.path("availableReplicas").isMissingNode(), status.toString());
        assertTrue(status.path("updatedReplicas").isMissingNode(), status.toString());
        assertFalse(status.has("terminatingReplicas"), "alpha, off by default through 1.34");
        assertEquals(
                0,
                json(k8s.get(APPS + "deployments/api/scale"))
                        .path("status")
                        .path("replicas")
                        .asInt());

        JsonNode pods = list(PODS + "?labelSelector=app%3Dapi");
        assertEquals(2, pods.path("items").size());
        for (JsonNode pod : pods.path("items")) {
            JsonNode metadata = pod.path("metadata");
            Instant deletion = Instant.parse(metadata.path("deletionTimestamp").asText());
            assertTrue(
                    !deletion.isBefore(before.plusSeconds(30).truncatedTo(ChronoUnit.SECONDS))
                            && !deletion.isAfter(after.plusSeconds(30)),
                    "deletionTimestamp is the request time plus the grace: " + deletion);
            assertEquals(30, metadata.path("deletionGracePeriodSeconds").asInt());
            assertEquals(
                    30, pod.path("spec").path("terminationGracePeriodSeconds").asInt());
            assertEquals("Running", pod.path("status").path("phase").asText());
        }
        assertEquals(7, k8s.standIn.runningReplicas(), "2 terminating api + 2 web + 3 db");

        k8s.clock.advance(Duration.ofSeconds(29));
        assertEquals(2, list(PODS + "?labelSelector=app%3Dapi").path("items").size());

        k8s.clock.advance(Duration.ofSeconds(1));
        assertEquals(0, list(PODS + "?labelSelector=app%3Dapi").path("items").size());
        List<PodLifetime> api = k8s.standIn.podLifetimes().stream()
                .filter(p -> p.workload().equals("api"))
                .toList();
        assertEquals(2, api.size());
        for (PodLifetime pod : api) {
            assertEquals(
                    seededAt.minus(Duration.ofDays(1)).getEpochSecond(),
                    pod.createdAt().getEpochSecond(),
                    1);
            assertTrue(
                    !pod.goneAt().isBefore(before.plusSeconds(30))
                            && !pod.goneAt().isAfter(after.plusSeconds(30)),
                    pod.toString());
        }
    }

    @Test
    void statefulSetScaledToZero_terminatesInReverseOrdinalOrderOneAtATime() throws Exception {
        Instant before = k8s.clock.instant();
        scale("statefulsets", "db", 0);
        assertEquals(3, statefulSetReplicas());
        assertEquals(List.of("db-2"), terminating());
        assertEquals(List.of("db-0", "db-1", "db-2"), names(list(PODS + "?labelSelector=app%3Ddb")));

        k8s.clock.advance(Duration.ofSeconds(29));
        assertEquals(3, statefulSetReplicas());
        assertEquals(List.of("db-2"), terminating());

        k8s.clock.advance(Duration.ofSeconds(1));
        assertEquals(2, statefulSetReplicas());
        assertEquals(List.of("db-1"), terminating());
        assertEquals(List.of("db-0", "db-1"), names(list(PODS + "?labelSelector=app%3Ddb")));

        k8s.clock.advance(Duration.ofSeconds(30));
        assertEquals(1, statefulSetReplicas());
        assertEquals(List.of("db-0"), terminating());

        k8s.clock.advance(Duration.ofSeconds(30));
        assertEquals(0, statefulSetReplicas());
        assertEquals(List.of(), names(list(PODS + "?labelSelector=app%3Ddb")));
        assertEquals(
                0,
                k8s.standIn
                        .workload("shop", WorkloadKind.STATEFULSET, "db")
                        .orElseThrow()
                        .statusReplicas());

        List<PodLifetime> db = k8s.standIn.podLifetimes().stream()
                .filter(p -> p.workload().equals("db"))
                .toList();
        assertEquals(
                List.of("db-0", "db-1", "db-2"),
                db.stream().map(PodLifetime::pod).toList());
        Instant db2Gone = db.get(2).goneAt();
        assertTrue(db2Gone.compareTo(before.plusSeconds(30)) >= 0, db2Gone.toString());
        assertEquals(db2Gone.plusSeconds(30), db.get(1).goneAt());
        assertEquals(db2Gone.plusSeconds(60), db.get(0).goneAt());
    }

    @Test
    void podTransitions_whenNobodyLooks_happenAtTheirExactTimes() throws Exception {
        scale("statefulsets", "db", 0);
        k8s.clock.advance(Duration.ofSeconds(105));
        List<PodLifetime> db = k8s.standIn.podLifetimes().stream()
                .filter(p -> p.workload().equals("db"))
                .toList();
        Instant db2Gone = db.get(2).goneAt();
        assertEquals(db2Gone.plusSeconds(30), db.get(1).goneAt());
        assertEquals(db2Gone.plusSeconds(60), db.get(0).goneAt());
        assertEquals(0, statefulSetReplicas());
    }

    @Test
    void statefulSetScaleUp_createsEachOrdinalAfterItsPredecessorIsReady() throws Exception {
        k8s.standIn.setReadinessDelay(Duration.ofSeconds(5));
        k8s.standIn.setTerminationGrace(Duration.ZERO);
        scale("statefulsets", "db", 0);
        assertEquals(List.of(), names(list(PODS + "?labelSelector=app%3Ddb")), "grace 0: gone at once");

        scale("statefulsets", "db", 2);
        assertEquals(List.of("db-0"), names(list(PODS + "?labelSelector=app%3Ddb")));
        k8s.clock.advance(Duration.ofSeconds(5));
        JsonNode pods = list(PODS + "?labelSelector=app%3Ddb");
        assertEquals(List.of("db-0", "db-1"), names(pods));
        assertEquals("True", readyCondition(pods.path("items").get(0)));
        assertEquals("False", readyCondition(pods.path("items").get(1)));
        k8s.clock.advance(Duration.ofSeconds(5));
        JsonNode sts = json(k8s.get(APPS + "statefulsets/db"));
        assertEquals(2, sts.path("status").path("readyReplicas").asInt());
        assertEquals(3, sts.path("metadata").path("generation").asInt());
        assertEquals(3, sts.path("status").path("observedGeneration").asInt());
        JsonNode db1 = json(k8s.get(PODS + "/db-1"));
        assertEquals("Pod", db1.path("kind").asText());
        assertEquals("v1", db1.path("apiVersion").asText());
        assertEquals(
                "data-db-1",
                db1.path("spec")
                        .path("volumes")
                        .get(0)
                        .path("persistentVolumeClaim")
                        .path("claimName")
                        .asText());
        JsonNode owner = db1.path("metadata").path("ownerReferences").get(0);
        assertEquals("StatefulSet", owner.path("kind").asText());
        assertEquals("db", owner.path("name").asText());
        assertEquals(
                sts.path("metadata").path("uid").asText(), owner.path("uid").asText());
    }

    @Test
    void podsAreListedByNamespaceAndLabelSelectorAndReadByName() throws Exception {
        JsonNode all = list("/api/v1/pods");
        assertEquals("PodList", all.path("kind").asText());
        assertEquals("v1", all.path("apiVersion").asText());
        assertFalse(all.path("metadata").path("resourceVersion").asText().isEmpty());
        assertEquals(7, all.path("items").size());
        assertEquals(
                2, list("/api/v1/pods?labelSelector=app%3Dweb").path("items").size());
        assertEquals(1, list(PODS + "?labelSelector=app%3Dweb").path("items").size());
        assertEquals(5, list(PODS + "?labelSelector=tier%3Dback").path("items").size());
        assertEquals(List.of("db-0", "db-1", "db-2"), names(list(PODS + "?labelSelector=tier%3Dback,app!%3Dapi")));
        assertEquals(0, list(PODS + "?labelSelector=app%3Dnone").path("items").size());
        assertEquals(400, k8s.get(PODS + "?labelSelector=%3D%3D").statusCode());

        JsonNode api = list(PODS + "?labelSelector=app%3Dapi").path("items").get(0);
        JsonNode metadata = api.path("metadata");
        String name = metadata.path("name").asText();
        assertTrue(name.matches("api-[0-9a-f]{10}-[a-z0-9]{5}"), name);
        String replicaSet = name.substring(0, name.lastIndexOf('-'));
        assertEquals("shop", metadata.path("namespace").asText());
        assertEquals("api", metadata.path("labels").path("app").asText());
        assertEquals("back", metadata.path("labels").path("tier").asText());
        assertEquals(
                replicaSet.substring("api-".length()),
                metadata.path("labels").path("pod-template-hash").asText());
        JsonNode owner = metadata.path("ownerReferences").get(0);
        assertEquals("ReplicaSet", owner.path("kind").asText());
        assertEquals("apps/v1", owner.path("apiVersion").asText());
        assertEquals(replicaSet, owner.path("name").asText());
        assertTrue(owner.path("controller").asBoolean());
        assertFalse(metadata.has("deletionTimestamp"));
        Instant created = Instant.parse(metadata.path("creationTimestamp").asText());
        assertEquals(seededAt.minus(Duration.ofDays(1)).getEpochSecond(), created.getEpochSecond(), 1);
        assertEquals("True", readyCondition(api));
        assertEquals(
                "api-data",
                api.path("spec")
                        .path("volumes")
                        .get(0)
                        .path("persistentVolumeClaim")
                        .path("claimName")
                        .asText());

        HttpResponse<String> one = k8s.get(PODS + "/" + name);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(metadata.path("uid"), json(one).path("metadata").path("uid"));
        HttpResponse<String> missing = k8s.get(PODS + "/nope");
        assertEquals(404, missing.statusCode());
        JsonNode status = json(missing);
        assertEquals("Status", status.path("kind").asText());
        assertEquals("NotFound", status.path("reason").asText());
        assertEquals("pods \"nope\" not found", status.path("message").asText());
        assertEquals(404, k8s.get("/api/v1/namespaces/other/pods/" + name).statusCode());
        assertEquals(405, k8s.send("DELETE", PODS + "/" + name, null, null).statusCode());
    }

    @Test
    void listingPods_withoutTheListRule_isForbiddenAndTheAccessReviewSaysSo() throws Exception {
        k8s.standIn.setAccessRules(List.of(new AccessRule("get", "pods")));
        HttpResponse<String> denied = k8s.get(PODS);
        assertEquals(403, denied.statusCode());
        JsonNode status = json(denied);
        assertEquals("Forbidden", status.path("reason").asText());
        assertEquals(
                "pods is forbidden: User \"dr-orchestrator\" cannot list resource \"pods\" in API group"
                        + " \"\" in the namespace \"shop\"",
                status.path("message").asText());
        assertEquals(403, k8s.get("/api/v1/pods").statusCode());
        assertEquals(200, k8s.get(PODS + "/db-0").statusCode());

        String review = """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
         "spec":{"resourceAttributes":{"namespace":"shop","verb":"%s","resource":"pods"}}}\
        """;
        String path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        assertFalse(json(k8s.send("POST", path, review.formatted("list"), "application/json"))
                .path("status")
                .path("allowed")
                .asBoolean());
        assertTrue(json(k8s.send("POST", path, review.formatted("get"), "application/json"))
                .path("status")
                .path("allowed")
                .asBoolean());
    }

    @Test
    void listingPods_followsTheFaultPlanAndIsJournaled() throws Exception {
        k8s.faults.add(new Fault("kubernetes", "list:pods", REGION, FaultKind.THROTTLING, 1));
        assertEquals(429, k8s.get(PODS).statusCode());
        assertEquals(200, k8s.get(PODS).statusCode());
        List<ApiCall> calls = k8s.standIn.calls();
        assertEquals(
                List.of("list:pods", "list:pods"),
                calls.stream().map(ApiCall::operation).toList());
        assertEquals(List.of(429, 200), calls.stream().map(ApiCall::status).toList());
    }

    @Test
    void reseedingAWorkload_endsTheLifetimesOfItsOldPods() {
        k8s.standIn.putDeployment("shop", "web", 0, Map.of("app", "web"), Map.of(), List.of());
        List<PodLifetime> web = k8s.standIn.podLifetimes().stream()
                .filter(p -> p.namespace().equals("shop") && p.workload().equals("web"))
                .toList();
        assertEquals(1, web.size());
        assertTrue(web.get(0).goneAt() != null);
        assertNull(k8s.standIn.podLifetimes().stream()
                .filter(p -> p.namespace().equals("other"))
                .findFirst()
                .orElseThrow()
                .goneAt());
    }

    private void scale(String resource, String name, int replicas) throws Exception {
        HttpResponse<String> response = k8s.send(
                "PATCH", APPS + resource + "/" + name + "/scale", "{\"spec\":{\"replicas\":" + replicas + "}}", MERGE);
        assertEquals(200, response.statusCode(), response.body());
    }

    private int statefulSetReplicas() throws Exception {
        return json(k8s.get(APPS + "statefulsets/db"))
                .path("status")
                .path("replicas")
                .asInt();
    }

    private List<String> terminating() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode pod : list(PODS + "?labelSelector=app%3Ddb").path("items")) {
            if (pod.path("metadata").has("deletionTimestamp")) {
                names.add(pod.path("metadata").path("name").asText());
            }
        }
        return names;
    }

    private JsonNode list(String path) throws Exception {
        HttpResponse<String> response = k8s.get(path);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static String readyCondition(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items")
                .forEach(item -> names.add(item.path("metadata").path("name").asText()));
        return names;
    }
}
