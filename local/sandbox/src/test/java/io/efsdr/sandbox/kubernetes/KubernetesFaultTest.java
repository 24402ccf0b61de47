package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.REGION;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan.Fault;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesFaultTest {
    private static final String SCALE = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    private static final String PATCH = "{\"spec\":{\"replicas\":2}}";
    private static final String MERGE = "application/merge-patch+json";

    private final KubernetesTestSupport k8s = new KubernetesTestSupport();

    KubernetesFaultTest() throws Exception {}

    @BeforeEach
    void seed() {
        k8s.standIn.putDeployment("shop", "web", 0, Map.of("app", "web"), Map.of(), List.of());
    }

    @AfterEach
    void close() {
        k8s.close();
    }

    @Test
    void throttlingAnswers429WithRetryAfterThenRecovers() throws Exception {
        k8s.faults.add(new Fault("kubernetes", "patch:scale", REGION, FaultKind.THROTTLING, 1));
        HttpResponse<String> throttled = k8s.send("PATCH", SCALE, PATCH, MERGE);
        assertEquals(429, throttled.statusCode());
        assertEquals("1", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("TooManyRequests", json(throttled).path("reason").asText());
        assertEquals(
                0,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "web")
                        .orElseThrow()
                        .replicas());
        assertEquals(200, k8s.send("PATCH", SCALE, PATCH, MERGE).statusCode());
        assertEquals(
                2,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "web")
                        .orElseThrow()
                        .replicas());
        assertEquals(1, k8s.faults.injectedCount("kubernetes", "patch:scale"));
    }

    @Test
    void serverErrorAndConflictAreStatusObjects() throws Exception {
        k8s.faults.add(new Fault("kubernetes", "get", null, FaultKind.SERVER_ERROR, 1));
        k8s.faults.add(new Fault("kubernetes", "patch", null, FaultKind.CONFLICT, 1));
        HttpResponse<String> error = k8s.get(SCALE);
        assertEquals(500, error.statusCode());
        assertEquals("InternalError", json(error).path("reason").asText());
        assertEquals("Status", json(error).path("kind").asText());
        HttpResponse<String> conflict = k8s.send("PATCH", SCALE, PATCH, MERGE);
        assertEquals(409, conflict.statusCode());
        assertEquals("Conflict", json(conflict).path("reason").asText());
        assertEquals(
                0,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "web")
                        .orElseThrow()
                        .replicas());
        assertEquals(Map.of(500, 1, 409, 1), k8s.standIn.statusCounts());
    }

    @Test
    void unreachableRegionDropsTheConnection() {
        k8s.faults.setRegionReachable(REGION, false);
        assertThrows(IOException.class, () -> k8s.send("PATCH", SCALE, PATCH, MERGE));
        assertEquals(
                0,
                k8s.standIn
                        .workload("shop", WorkloadKind.DEPLOYMENT, "web")
                        .orElseThrow()
                        .replicas());
        ApiCall call = k8s.standIn.calls().get(k8s.standIn.calls().size() - 1);
        assertEquals(0, call.status());
        assertEquals("patch:scale", call.operation());
        assertTrue(call.mutating());
    }

    @Test
    void timeoutHoldsTheAnswerPastTheClientTimeout() throws Exception {
        k8s.standIn.setTimeoutHold(Duration.ofMillis(1500));
        k8s.faults.add(new Fault("kubernetes", "get:scale", null, FaultKind.TIMEOUT, 1));
        long start = System.nanoTime();
        var request = HttpRequest.newBuilder(k8s.standIn.endpoint().resolve(SCALE))
                .header("Authorization", "Bearer " + k8s.validToken())
                .timeout(Duration.ofMillis(300))
                .build();
        assertThrows(HttpTimeoutException.class, () -> k8s.client.send(request, HttpResponse.BodyHandlers.ofString()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
        assertEquals(200, k8s.get(SCALE).statusCode());
    }

    /**
     * One call held by the stand-in (a timeout fault) stays in flight while 96 others, from 24
     * threads, are all answered: the server never serves one call at a time.
     */
    @Test
    void servesManyConcurrentCalls_whileOneIsHeld() throws Exception {
        k8s.standIn.putStorageClass("efs-sc", "efs.csi.aws.com", Map.of(), "Delete");
        k8s.standIn.setTimeoutHold(Duration.ofSeconds(3));
        k8s.faults.add(new Fault("kubernetes", "get:scale", null, FaultKind.TIMEOUT, 1));
        var held = k8s.client.sendAsync(
                HttpRequest.newBuilder(k8s.standIn.endpoint().resolve(SCALE))
                        .header("Authorization", "Bearer " + k8s.validToken())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (int i = 0; i < 500 && k8s.standIn.concurrentRequests() == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, k8s.standIn.concurrentRequests(), "the held call is in flight");
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return k8s.get(SCALE).statusCode();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertEquals(200, answer.join());
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(held.isDone() && !held.isCompletedExceptionally(), "the held call got no answer meanwhile");
        held.handle((answer, dropped) -> null).join(); // dropped after the hold (the client may retry it)
        assertTrue(k8s.standIn.maxConcurrentRequests() > 1, "max in flight " + k8s.standIn.maxConcurrentRequests());
        assertEquals(0, k8s.standIn.concurrentRequests());
        assertFalse(k8s.standIn.calls().stream().anyMatch(ApiCall::mutating));
    }
}
