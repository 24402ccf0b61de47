package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pods that ended or whose node stopped reporting, as the API server shows them and as their
 * controllers treat them: a ReplicaSet leaves a Failed pod alone, a StatefulSet deletes and re-creates
 * it, and a pod on a NotReady node never finishes terminating.
 */
class KubernetesEndedPodTest {
    private static final String APPS = "/apis/apps/v1/namespaces/shop/";
    private static final String PODS = "/api/v1/namespaces/shop/pods";
    private static final String MERGE = "application/merge-patch+json";
    private static final EndedPod EVICTED = new EndedPod("Failed", "Evicted", false);
    private static final EndedPod UNKNOWN = new EndedPod("Unknown", "NodeLost", false);
    private static final EndedPod STUCK = new EndedPod("Unknown", null, true);

    private final KubernetesTestSupport k8s = new KubernetesTestSupport();

    KubernetesEndedPodTest() throws Exception {
        k8s.standIn.setTerminationGrace(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        k8s.close();
    }

    private void deployment(int replicas, EndedPod... ended) {
        k8s.standIn.putDeployment(
                "shop", "web", replicas, Map.of("app", "web"), Map.of(), List.of("web-data"), List.of(ended));
    }

    @Test
    void deployment_withAnEvictedPod_servesItFailedAndLeavesItThroughAScaleToZero() throws Exception {
        deployment(2, EVICTED);

        List<JsonNode> failed = pods("Failed");
        JsonNode status = json(k8s.get(APPS + "deployments/web")).path("status");
        assertAll(
                () -> assertEquals(3, pods(null).size(), "two running, one evicted"),
                () -> assertEquals(1, failed.size()),
                () -> assertEquals(
                        "Evicted",
                        failed.getFirst().path("status").path("reason").asText()),
                () -> assertEquals("False", condition(failed.getFirst(), "Ready")),
                () -> assertTrue(failed.getFirst()
                        .path("status")
                        .path("containerStatuses")
                        .get(0)
                        .path("state")
                        .has("terminated")),
                () -> assertEquals(2, status.path("replicas").asInt(), "the ReplicaSet counts active pods only"),
                () -> assertEquals(2, status.path("readyReplicas").asInt()),
                () -> assertEquals(2, k8s.standIn.runningReplicas(), "the evicted pod does not write"));

        scale("deployments", "web", 0);
        k8s.clock.advance(Duration.ofSeconds(31));

        assertAll(
                () -> assertEquals(1, pods(null).size(), "nobody deletes the evicted pod"),
                () -> assertEquals(1, pods("Failed").size()),
                () -> assertFalse(pods("Failed").getFirst().path("metadata").has("deletionTimestamp")),
                () -> assertEquals(0, k8s.standIn.runningReplicas()));
    }

    @Test
    void deployment_withAPodInPhaseUnknown_countsItAsAReplicaAndItNeverFinishesTerminating() throws Exception {
        deployment(2, UNKNOWN);

        JsonNode status = json(k8s.get(APPS + "deployments/web")).path("status");
        assertAll(
                () -> assertEquals(2, pods(null).size(), "one running, one on the unreachable node"),
                () -> assertEquals(2, status.path("replicas").asInt(), "an Unknown pod is active"),
                () -> assertEquals(1, status.path("readyReplicas").asInt()),
                () -> assertEquals(2, k8s.standIn.runningReplicas(), "both may write"));

        scale("deployments", "web", 0);
        k8s.clock.advance(Duration.ofHours(1));

        List<JsonNode> left = pods(null);
        assertAll(
                () -> assertEquals(1, left.size(), "the running pod is gone, the Unknown one stays"),
                () -> assertEquals(
                        "Unknown", left.getFirst().path("status").path("phase").asText()),
                () -> assertTrue(left.getFirst().path("metadata").has("deletionTimestamp"), "deleted, never gone"),
                () -> assertEquals(1, k8s.standIn.runningReplicas(), "it may still write"));
    }

    @Test
    void deployment_withAPodStuckTerminating_servesItDeletedByTheTaintManagerAndKeepsIt() throws Exception {
        deployment(1, STUCK);

        List<JsonNode> pods = pods("Unknown");
        assertAll(
                () -> assertEquals(2, pods(null).size(), "the ReplicaSet replaced it"),
                () -> assertEquals(1, pods.size()),
                () -> assertTrue(pods.getFirst().path("metadata").has("deletionTimestamp")),
                () -> assertEquals("True", condition(pods.getFirst(), "DisruptionTarget")),
                () -> assertEquals(
                        1,
                        json(k8s.get(APPS + "deployments/web"))
                                .path("status")
                                .path("replicas")
                                .asInt(),
                        "a terminating pod is not active"));

        scale("deployments", "web", 0);
        k8s.clock.advance(Duration.ofHours(1));

        assertAll(
                () -> assertEquals(1, pods(null).size()),
                () -> assertEquals(1, k8s.standIn.runningReplicas(), "a partitioned node may still write"));
    }

    @Test
    void statefulSet_withAFailedPod_itsControllerDeletesAndRecreatesIt() throws Exception {
        k8s.standIn.putStatefulSet(
                "shop",
                "db",
                2,
                Map.of("app", "db"),
                Map.of(),
                List.of(new VolumeClaimTemplate("data", "efs-sc")),
                List.of(EVICTED));

        List<JsonNode> pods = pods(null);
        assertAll(
                () -> assertEquals(List.of("db-0", "db-1"), names(pods)),
                () -> assertEquals(List.of(), pods("Failed"), "the failed db-1 was replaced"),
                () -> assertEquals("False", condition(pods.get(1), "Ready"), "the new db-1 is not ready yet"));

        k8s.clock.advance(Duration.ofSeconds(10));

        assertEquals(
                2,
                json(k8s.get(APPS + "statefulsets/db"))
                        .path("status")
                        .path("readyReplicas")
                        .asInt());
    }

    private void scale(String resource, String name, int replicas) throws Exception {
        HttpResponse<String> response = k8s.send(
                "PATCH", APPS + resource + "/" + name + "/scale", "{\"spec\":{\"replicas\":" + replicas + "}}", MERGE);
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The pods in {@code phase}, or all of them. */
    private List<JsonNode> pods(String phase) throws Exception {
        HttpResponse<String> response = k8s.get(PODS);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> pods = new ArrayList<>();
        json(response).path("items").forEach(pod -> {
            if (phase == null || pod.path("status").path("phase").asText().equals(phase)) {
                pods.add(pod);
            }
        });
        return pods;
    }

    private static String condition(JsonNode pod, String type) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    private static List<String> names(List<JsonNode> pods) {
        return pods.stream().map(p -> p.path("metadata").path("name").asText()).toList();
    }
}
