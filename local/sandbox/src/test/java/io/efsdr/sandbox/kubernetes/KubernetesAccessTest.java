package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.ACCESS_KEY;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.CLUSTER;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.REGION;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.SECRET_KEY;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.sandbox.kubernetes.EksTokenVerifier.Rejection;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesAccessTest {
    private final KubernetesTestSupport k8s = new KubernetesTestSupport();

    KubernetesAccessTest() throws Exception {}

    @AfterEach
    void close() {
        k8s.close();
    }

    @Test
    void caDataIsBase64OfAPemCaCertificateCoveringTheLoopbackEndpoint() throws Exception {
        String pem = new String(
                Base64.getDecoder().decode(k8s.standIn.certificateAuthorityData()), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"), pem);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ca.getBasicConstraints() >= 0, "CA flag");
        assertTrue(k8s.standIn.endpoint().toString().matches("https://127\\.0\\.0\\.1:\\d+"));
        assertTrue(
                k8s.standIn.tlsSetupTime().toMillis() < 1000,
                k8s.standIn.tlsSetupTime().toString());
        assertEquals(200, k8s.get("/apis/storage.k8s.io/v1/storageclasses").statusCode());
    }

    @Test
    void theDefaultTrustStoreDoesNotTrustTheCluster() {
        try (HttpClient untrusting =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(k8s.standIn.endpoint().resolve("/apis/apps/v1/deployments"))
                    .header("Authorization", "Bearer " + k8s.validToken())
                    .build();
            assertThrows(
                    SSLHandshakeException.class, () -> untrusting.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(k8s.standIn.calls().isEmpty());
    }

    @Test
    void anotherClustersCaIsNotTrusted() throws Exception {
        try (KubernetesTestSupport other = new KubernetesTestSupport();
                HttpClient wrongCa = HttpClient.newBuilder()
                        .sslContext(KubernetesTestSupport.trustingOnly(other.standIn.certificateAuthorityData()))
                        .build()) {
            HttpRequest request = HttpRequest.newBuilder(k8s.standIn.endpoint().resolve("/apis/apps/v1/deployments"))
                    .build();
            assertThrows(
                    SSLHandshakeException.class, () -> wrongCa.send(request, HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void badTokensGet401StatusAndAreCounted() throws Exception {
        String path = "/apis/apps/v1/namespaces/shop/deployments";
        String valid = k8s.validToken();
        String url = new String(
                Base64.getUrlDecoder().decode(valid.substring(EksTokenVerifier.PREFIX.length())),
                StandardCharsets.UTF_8);
        String padded = EksTokenVerifier.PREFIX
                + Base64.getUrlEncoder()
                        .encodeToString((url.length() % 3 == 0 ? url + "&" : url).getBytes(StandardCharsets.UTF_8));
        String unsignedHost = EksTokenVerifier.PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(url.replace("host%3Bx-k8s-aws-id", "x-k8s-aws-id")
                                .getBytes(StandardCharsets.UTF_8));
        List<String> refused = List.of(
                "Bearer " + valid.substring(EksTokenVerifier.PREFIX.length()),
                "Bearer " + padded,
                "Bearer " + token("dr-eks", REGION, ACCESS_KEY, SECRET_KEY, k8s.clock.instant()),
                "Bearer " + unsignedHost,
                "Bearer " + token(CLUSTER, REGION, ACCESS_KEY, "wrong-secret", k8s.clock.instant()));
        for (String authorization : refused) {
            HttpResponse<String> response = k8s.sendAs(authorization, "GET", path, null, null);
            assertEquals(401, response.statusCode());
            JsonNode status = json(response);
            assertEquals("Status", status.path("kind").asText());
            assertEquals("Unauthorized", status.path("reason").asText());
            assertEquals(401, status.path("code").asInt());
        }
        assertEquals(401, k8s.sendAs(null, "GET", path, null, null).statusCode());

        k8s.clock.advance(Duration.ofMinutes(16));
        assertEquals(401, k8s.sendAs("Bearer " + valid, "GET", path, null, null).statusCode());
        assertEquals(200, k8s.get(path).statusCode());

        assertEquals(
                Map.of(
                        Rejection.BAD_PREFIX, 1,
                        Rejection.BAD_ENCODING, 1,
                        Rejection.BAD_SIGNATURE, 2,
                        Rejection.BAD_SIGNED_HEADERS, 1,
                        Rejection.MISSING, 1,
                        Rejection.EXPIRED, 1),
                k8s.standIn.rejectedTokens());
        assertEquals(7, k8s.standIn.statusCounts().get(401));
    }

    @Test
    void accessReviewsFollowTheAllowList() throws Exception {
        String review = """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
         "spec":{"resourceAttributes":{"namespace":"shop","verb":"%s","group":"apps",
                 "resource":"deployments","subresource":"%s"}}}\
        """;
        String path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        HttpResponse<String> everything = k8s.send("POST", path, review.formatted("delete", ""), "application/json");
        assertEquals(201, everything.statusCode());
        assertTrue(json(everything).path("status").path("allowed").asBoolean());

        k8s.standIn.setAccessRules(
                List.of(new AccessRule("get", "deployments/scale"), new AccessRule("patch", "deployments/scale")));
        JsonNode patchScale = json(k8s.send("POST", path, review.formatted("patch", "scale"), "application/json"));
        assertTrue(patchScale.path("status").path("allowed").asBoolean());
        assertEquals(
                "scale",
                patchScale
                        .path("spec")
                        .path("resourceAttributes")
                        .path("subresource")
                        .asText());
        JsonNode delete = json(k8s.send("POST", path, review.formatted("delete", ""), "application/json"));
        assertFalse(delete.path("status").path("allowed").asBoolean());

        HttpResponse<String> list = k8s.get("/apis/apps/v1/namespaces/shop/deployments");
        assertEquals(403, list.statusCode());
        assertEquals("Forbidden", json(list).path("reason").asText());
        assertFalse(k8s.standIn.calls().stream().anyMatch(ApiCall::mutating));
    }

    @Test
    void unknownPathsAreNotFoundStatus() throws Exception {
        for (String path : List.of("/api/v1/namespaces/shop/secrets", "/apis/batch/v1/jobs", "/healthz")) {
            HttpResponse<String> response = k8s.get(path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("NotFound", json(response).path("reason").asText());
        }
    }
}
