package io.efsdr.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.aws.SignedPost;
import io.efsdr.config.Json;
import io.efsdr.error.TrafficRefusedException;
import io.efsdr.plan.TrafficPlan.ClusterEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The ARC routing control data plane over HTTP, signed by hand: the SDK module for it
 * ({@code route53recoverycluster}) is served to this build only at an old version, and the API is
 * two small JSON calls. The wire format is the service model's (aws-sdk-js
 * {@code apis/route53-recovery-cluster-2019-12-02.min.json}, aws-sdk-ruby
 * {@code Aws::Route53RecoveryCluster::ClientApi}): protocol {@code json} 1.0, a {@code POST /} with
 * {@code Content-Type: application/x-amz-json-1.0} and {@code X-Amz-Target:
 * ToggleCustomerAPI.<Operation>}, SigV4 with signing name {@code route53-recovery-cluster} in the
 * region of the cluster endpoint called (the ARC API reference: "you must specify the Regional
 * endpoint"). Errors come back as JSON with {@code __type} (possibly prefixed {@code ...#}) and
 * {@code message}.
 *
 * <p>Each call is bounded (connect {@value #CONNECT_SECONDS} s, whole call {@value #CALL_SECONDS} s)
 * so an endpoint in a failed region costs seconds, not the function's timeout: one that refuses the
 * connection fails at once, one that accepts it and never answers fails at {@value #CALL_SECONDS} s
 * ({@code HttpTimeoutException}), and the next endpoint is tried.
 */
public final class SignedClusterTransport implements ClusterTransport {
    static final String SIGNING_NAME = "route53-recovery-cluster";
    static final String TARGET_PREFIX = "ToggleCustomerAPI.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final long CONNECT_SECONDS = 2;
    static final long CALL_SECONDS = 5;

    /**
     * Codes an endpoint answers when another endpoint (or a later try) may succeed. A
     * {@code ConflictException} ("There was a conflict with this request. Try again.", HTTP 409, with
     * {@code resourceId} and {@code resourceType}: Routing Control API reference, errors of
     * UpdateRoutingControlStates) is one of them unless it names a safety rule.
     */
    private static final Set<String> TRY_ANOTHER = Set.of(
            "ThrottlingException",
            "EndpointTemporarilyUnavailableException",
            "InternalServerException",
            "ConflictException",
            "ServiceUnavailableException");

    /**
     * Whether a text names a safety rule: its ARN is {@code arn:aws:route53-recovery-control::<account>:
     * controlpanel/<id>/safetyrule/<id>} (a control panel ARN, CreateControlPanel, followed by the
     * rule's resource path); {@code :safetyrule/} is accepted too.
     */
    static boolean namesSafetyRule(String text) {
        return text.contains("/safetyrule/") || text.contains(":safetyrule/");
    }

    private static final Set<String> DENIED = Set.of(
            "AccessDeniedException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "ExpiredTokenException",
            "MissingAuthenticationTokenException");

    /** Headers the JDK HTTP client sets itself and refuses to be given. */
    private final AwsCredentialsProvider credentials;

    private final Clock clock;
    private final SignedPost signer;

    /**
     * Built on the first call: every function's dependencies hold a transport, and an HTTP client
     * (its selector thread, the java.net.http classes) would cost every cold start, not only
     * SwitchTraffic's.
     */
    private HttpClient http;

    public SignedClusterTransport(AwsCredentialsProvider credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
        this.signer = new SignedPost(credentials, clock, SIGNING_NAME);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
                    .build();
        }
        return http;
    }

    @Override
    public JsonNode call(ClusterEndpoint endpoint, String operation, JsonNode body) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoint.url().endsWith("/") ? endpoint.url() : endpoint.url() + "/");
        HttpRequest request = signed(uri, endpoint.region(), operation, payload);
        HttpResponse<String> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterCallException(
                    ClusterCallException.Kind.TRY_ANOTHER, e.getClass().getSimpleName(), describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterCallException(ClusterCallException.Kind.TRY_ANOTHER, "Interrupted", "interrupted", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() == 200) {
            return answer;
        }
        String code = errorCode(answer);
        String message = answer.path("message").asText(answer.path("Message").asText(""));
        String text = code + " (HTTP " + response.statusCode() + ")" + (message.isEmpty() ? "" : ": " + message);
        String resource = answer.path("resourceId").asText("");
        if (namesSafetyRule(message) || ("ConflictException".equals(code) && namesSafetyRule(resource))) {
            // A change a safety rule blocked (an assertion rule left unsatisfied, a gating rule's gate
            // closed, or a request inside a rule's WaitPeriodMs, "during which any request against the
            // target routing controls will fail": CreateSafetyRule, Route 53 ARC API reference). Every
            // endpoint enforces the same rules, so this is a refusal, not an outage.
            String rule = TrafficRefusedException.safetyRuleIn(message)
                    .or(() -> TrafficRefusedException.safetyRuleIn(resource))
                    .orElse(null);
            throw new ClusterCallException(ClusterCallException.Kind.REFUSED, code, text, null, rule);
        }
        ClusterCallException.Kind kind;
        if (DENIED.contains(code) || response.statusCode() == 403) {
            kind = ClusterCallException.Kind.DENIED;
        } else if (TRY_ANOTHER.contains(code) || response.statusCode() >= 500 || response.statusCode() == 429) {
            kind = ClusterCallException.Kind.TRY_ANOTHER;
        } else {
            kind = ClusterCallException.Kind.INVALID;
        }
        throw new ClusterCallException(kind, code, text, null);
    }

    private HttpRequest signed(URI uri, String region, String operation, byte[] payload) {
        return signer.request(
                uri,
                region,
                Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + operation),
                payload,
                Duration.ofSeconds(CALL_SECONDS));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.createObjectNode().put("message", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    /** {@code __type} without its namespace ({@code aws.protocoltests#ThrottlingException} -> the name). */
    static String errorCode(JsonNode answer) {
        String type = answer.path("__type").asText(answer.path("code").asText("UnknownError"));
        int hash = type.lastIndexOf('#');
        String code = hash >= 0 ? type.substring(hash + 1) : type;
        int colon = code.indexOf(':');
        return colon >= 0 ? code.substring(0, colon) : code;
    }

    private static String describe(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 3; t = t.getCause()) {
            messages.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return String.join(" <- ", messages);
    }
}
