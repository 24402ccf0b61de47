package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The calls the orchestrator makes to one cluster's API server. {@link KubernetesClient}
 * implements it over HTTPS; the decisions built on it (scaling, fencing, readiness) are tested
 * against an in-memory one. Failures arrive as the project's exceptions: a 409 as
 * {@link ApiConflictException}, a cluster that does not answer as
 * {@code DependencyUnavailableException}, a refusal as {@code PermissionDeniedException} or
 * {@code UnsafeStateException}.
 */
public interface KubernetesApi {
    String clusterName();

    /** GET of one object; empty when the API server answers 404. */
    Optional<JsonNode> get(String path);

    /** GET of a list, with optional query parameters such as {@code labelSelector}. */
    JsonNode list(String path, Map<String, String> query);

    JsonNode create(String path, JsonNode body);

    JsonNode mergePatch(String path, JsonNode body);

    /** DELETE; true when something was deleted, false when it was already gone. */
    boolean delete(String path);

    /** The same cluster with every call (retries included) paced by {@code limiter}. */
    KubernetesApi pacedBy(RateLimiter limiter);
}
