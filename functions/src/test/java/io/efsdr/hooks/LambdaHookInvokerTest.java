package io.efsdr.hooks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.efsdr.aws.AwsClients;
import io.efsdr.config.Json;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The hooks' Lambda client against a local Invoke stand-in (REST-JSON, AWS Lambda API reference,
 * "Invoke"): one request per call, except a throttled one, which is sent again within the hook's
 * timeout with the same idempotency key.
 */
class LambdaHookInvokerTest {
    private static final String ARN = "arn:aws:lambda:us-west-2:123456789012:function:smoke";

    /** What the stand-in does with a request: answer, fail with a status, or drop the connection. */
    private record Answer(int status, String errorType, String retryAfter) {
        static final Answer OK = new Answer(200, null, null);
        static final Answer DROP = new Answer(0, null, null);
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(Plans.T0);
    private final List<Duration> waits = new ArrayList<>();
    private HttpServer server;
    private LambdaHookInvoker invoker;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        AwsClients aws = new AwsClients(
                Duration.ofSeconds(5),
                3,
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
        invoker = new LambdaHookInvoker(aws::lambda, clock, wait -> {
            waits.add(wait);
            clock.advance(wait);
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = script.isEmpty() ? Answer.OK : script.poll();
        if (answer == Answer.DROP) {
            exchange.close();
            return;
        }
        byte[] body = (answer.status() == 200
                        ? "{\"status\":\"ok\"}"
                        : "{\"Type\":\"Service\",\"message\":\"injected\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (answer.errorType() != null) {
            exchange.getResponseHeaders().add("X-Amzn-ErrorType", answer.errorType());
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private HookInvoker.Invocation invoke(Duration timeout) {
        return invoker.invoke(ARN, attempt -> "{\"idempotencyKey\":\"k1\",\"attempt\":" + attempt + "}", timeout);
    }

    @Test
    void invoke_whenLambdaAnswers500_sendsOneRequestAndReportsTheOutcomeUnknown() {
        script.add(new Answer(500, "ServiceException", null));

        HookInvoker.Invocation invocation = invoke(Duration.ofSeconds(30));

        assertAll(
                () -> assertEquals(1, received.size(), "a 5xx may come after the function ran: never sent again"),
                () -> assertEquals(HookInvoker.Outcome.ERROR, invocation.outcome()),
                () -> assertTrue(invocation.payload().contains("may have run"), invocation.payload()));
    }

    @Test
    void invoke_whenTheConnectionDropsBeforeTheAnswer_sendsOneRequest() {
        script.add(Answer.DROP);

        HookInvoker.Invocation invocation = invoke(Duration.ofSeconds(30));

        assertEquals(1, received.size(), "the function may have run: never sent again");
        assertEquals(HookInvoker.Outcome.ERROR, invocation.outcome());
    }

    @Test
    void invoke_whenThrottledOnce_sendsAgainWithTheSameKeyAndTheNextAttempt() throws Exception {
        script.add(new Answer(429, "TooManyRequestsException", "2"));

        HookInvoker.Invocation invocation = invoke(Duration.ofSeconds(30));

        JsonNode first = Json.MAPPER.readTree(received.get(0));
        JsonNode second = Json.MAPPER.readTree(received.get(1));
        assertAll(
                () -> assertEquals(HookInvoker.Outcome.ANSWERED, invocation.outcome()),
                () -> assertEquals(2, invocation.attempts()),
                () -> assertEquals(2, received.size()),
                () -> assertEquals(first.get("idempotencyKey"), second.get("idempotencyKey")),
                () -> assertEquals(
                        List.of(1, 2),
                        List.of(
                                first.get("attempt").asInt(),
                                second.get("attempt").asInt())),
                () -> assertEquals(List.of(Duration.ofSeconds(2)), waits, "Lambda's Retry-After is honoured"));
    }

    @Test
    void invoke_whenThrottledThroughoutTheTimeout_givesUpWithinItSayingTheFunctionDidNotRun() {
        for (int i = 0; i < 100; i++) {
            script.add(new Answer(429, "TooManyRequestsException", null));
        }

        HookInvoker.Invocation invocation = invoke(Duration.ofSeconds(5));

        Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertAll(
                () -> assertEquals(HookInvoker.Outcome.ERROR, invocation.outcome()),
                () -> assertTrue(invocation.payload().contains("did not run"), invocation.payload()),
                () -> assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "within the timeout: " + waited),
                () -> assertEquals(received.size(), invocation.attempts()),
                () -> assertEquals(
                        List.of(
                                Duration.ofMillis(250),
                                Duration.ofMillis(500),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(2)),
                        waits,
                        "backoff doubles"));
    }
}
