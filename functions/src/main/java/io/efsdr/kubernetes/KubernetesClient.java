package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.eks.ClusterEndpoint;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small typed client for one cluster's API server over the JDK HTTP client: TLS trusting only
 * the cluster's CA, a fresh-enough EKS bearer token on every call, bounded request time, and
 * retries with backoff for 429 (honouring {@code Retry-After}), 5xx and connection failures.
 * Kubernetes {@code Status} answers become the project's exceptions.
 */
public final class KubernetesClient implements KubernetesApi {
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final ClusterEndpoint cluster;
    private final EksTokenProvider tokens;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final RateLimiter limiter;

    public KubernetesClient(ClusterEndpoint cluster, EksTokenProvider tokens, RetryPolicy retry) {
        this(
                cluster,
                tokens,
                retry,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .sslContext(trustOnly(cluster))
                        .build(),
                RateLimiter.UNLIMITED);
    }

    private KubernetesClient(
            ClusterEndpoint cluster, EksTokenProvider tokens, RetryPolicy retry, HttpClient http, RateLimiter limiter) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.retry = retry;
        this.http = http;
        this.limiter = limiter;
    }

    /** The same connection with every attempt (retries included) paced by {@code limiter}. */
    @Override
    public KubernetesClient pacedBy(RateLimiter limiter) {
        return new KubernetesClient(cluster, tokens, retry, http, limiter);
    }

    @Override
    public String clusterName() {
        return cluster.clusterName();
    }

    /** GET of one object; empty when the API server answers 404. */
    @Override
    public Optional<JsonNode> get(String path) {
        Response response = send("GET", path, null, null, true);
        return response.status() == 404 ? Optional.empty() : Optional.of(response.body());
    }

    /** GET of a list, with optional query parameters such as {@code labelSelector}. */
    @Override
    public JsonNode list(String path, Map<String, String> query) {
        String suffix = query.isEmpty()
                ? ""
                : "?"
                        + query.entrySet().stream()
                                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&"));
        return send("GET", path + suffix, null, null, false).body();
    }

    @Override
    public JsonNode create(String path, JsonNode body) {
        return send("POST", path, body, "application/json", false).body();
    }

    @Override
    public JsonNode mergePatch(String path, JsonNode body) {
        return send("PATCH", path, body, MERGE_PATCH, false).body();
    }

    /** DELETE; true when something was deleted, false when it was already gone. */
    @Override
    public boolean delete(String path) {
        return send("DELETE", path, null, null, true).status() != 404;
    }

    private record Response(int status, JsonNode body) {}

    private Response send(String method, String path, JsonNode body, String contentType, boolean notFoundIsAnswer) {
        String operation = method + " " + path + " on cluster " + cluster.clusterName();
        boolean retriedUnauthorized = false;
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            String failure;
            try {
                HttpRequest request = request(method, path, body, contentType);
                limiter.acquire();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                JsonNode parsed = parse(response.body());
                if (status >= 200 && status < 300) {
                    return new Response(status, parsed);
                }
                if (status == 404 && notFoundIsAnswer) {
                    return new Response(404, parsed);
                }
                String message = statusMessage(parsed, status);
                if (status == 401 && !retriedUnauthorized) {
                    retriedUnauthorized = true;
                    tokens.invalidate(cluster.region(), cluster.clusterName());
                    attempt--;
                    continue;
                }
                if (status == 401 || status == 403) {
                    throw new PermissionDeniedException(operation + " was refused (" + status + "): " + message
                            + "; check the EKS access entry and the RBAC in kubernetes/rbac.yaml");
                }
                if (status == 409) {
                    throw new ApiConflictException(operation + ": " + message);
                }
                if (status != 429 && status < 500) {
                    throw new UnsafeStateException(operation + " was rejected (" + status + "): " + message);
                }
                failure = "HTTP " + status + ": " + message;
                retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .flatMap(KubernetesClient::seconds)
                        .orElse(null);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DependencyUnavailableException(operation + " was interrupted", e);
            }
            if (attempt >= retry.maxAttempts()) {
                throw new DependencyUnavailableException(operation + " failed " + attempt + " times, last: " + failure);
            }
            sleep(retry.backoff(attempt, retryAfter));
        }
    }

    private HttpRequest request(String method, String path, JsonNode body, String contentType) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(stripSlash(cluster.endpoint().toString()) + path))
                .timeout(retry.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + tokens.token(cluster.region(), cluster.clusterName()));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
                .build();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.MAPPER
                    .createObjectNode()
                    .put("message", new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    private static String statusMessage(JsonNode status, int code) {
        String message = status.path("message").asText("");
        String reason = status.path("reason").asText("");
        if (message.isEmpty() && reason.isEmpty()) {
            return "HTTP " + code;
        }
        return reason.isEmpty() ? message : reason + ": " + message;
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String stripSlash(String endpoint) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while backing off", e);
        }
    }

    private static SSLContext trustOnly(ClusterEndpoint cluster) {
        try {
            byte[] pem = Base64.getDecoder()
                    .decode(cluster.certificateAuthorityData().replaceAll("\\s", ""));
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.isEmpty()) {
                throw new UnsafeStateException(
                        "cluster " + cluster.clusterName() + " has an empty certificate authority");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("cluster-ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new UnsafeStateException(
                    "cluster " + cluster.clusterName() + " has an unusable certificate authority: " + e.getMessage(),
                    e);
        }
    }
}
