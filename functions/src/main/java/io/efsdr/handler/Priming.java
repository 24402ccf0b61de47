package io.efsdr.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.aws.AwsClients;
import io.efsdr.config.Json;
import io.efsdr.plan.PlanValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The work a SnapStart snapshot should already have done: loads and runs the hot paths of a step
 * (JSON mapping of the request, SigV4 signing, SDK client construction, JDK HTTP request
 * building) on a sample payload with dummy credentials. It sends nothing and mints no token: the
 * clients it builds are thrown away and point at {@code endpoint}, which is never called.
 */
public final class Priming {
    static final URI NEVER_CALLED = URI.create("http://127.0.0.1:9");
    private static final String SAMPLE = "/priming/state.json";
    private static final AwsCredentialsIdentity DUMMY =
            AwsCredentialsIdentity.create("AKIAPRIMINGPRIMING00", "priming");

    private Priming() {}

    /** Primes the paths of a handler whose request type is {@code requestType}. */
    public static void prime(Class<?> requestType) {
        prime(requestType, NEVER_CALLED);
    }

    static void prime(Class<?> requestType, URI endpoint) {
        mapJson(requestType);
        sign();
        buildClients(endpoint);
        buildKubernetesRequest(endpoint);
    }

    /** Reads the sample into the request type and writes it back; true when the sample fitted. */
    static boolean mapJson(Class<?> requestType) {
        JsonNode sample = sample(requestType);
        try {
            Object request = Json.MAPPER.treeToValue(sample, requestType);
            Json.MAPPER.writeValueAsBytes(request);
            if (sample.has("plan")) {
                new PlanValidator().validate(sample.get("plan"));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static JsonNode sample(Class<?> requestType) {
        InputStream specific = Priming.class.getResourceAsStream("/priming/" + requestType.getSimpleName() + ".json");
        try (InputStream in = specific != null ? specific : Priming.class.getResourceAsStream(SAMPLE)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the priming sample is unreadable", e);
        }
    }

    private static void sign() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("https://elasticfilesystem.us-east-1.amazonaws.com/2015-02-01/file-systems"))
                .putHeader("Content-Type", "application/json")
                .build();
        AwsV4HttpSigner.create()
                .sign(r -> r.identity(DUMMY)
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "elasticfilesystem")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
    }

    private static void buildClients(URI endpoint) {
        AwsClients clients = new AwsClients(
                Duration.ofSeconds(1),
                Optional.of(endpoint),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DUMMY.accessKeyId(), DUMMY.secretAccessKey())));
        clients.efs("us-east-1");
        clients.eks("us-east-1");
        clients.sns("us-east-1");
        clients.ssm("us-east-1");
        clients.sfn("us-east-1");
        clients.lambda("us-east-1");
    }

    private static void buildKubernetesRequest(URI endpoint) {
        HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        HttpRequest.newBuilder(endpoint.resolve("/apis/apps/v1/namespaces/priming/deployments/priming/scale"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":1}}"))
                .build();
    }
}
