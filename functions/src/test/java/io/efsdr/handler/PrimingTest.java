package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrimingTest {
    /** Every function's request type, from the one catalogue (the priming sample must fit each). */
    private static final List<Class<?>> REQUEST_TYPES = Arrays.stream(StepCatalogue.Function.values())
            .map(StepCatalogue.Function::requestType)
            .distinct()
            .toList();

    @Test
    void mapJson_whenGivenEachHandlersRequestType_readsTheSample() {
        for (Class<?> type : REQUEST_TYPES) {
            assertTrue(Priming.mapJson(type), "the priming sample does not fit " + type.getName());
        }
    }

    @Test
    void prime_whenTheEndpointListens_connectsToNothing() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + listener.getLocalPort());

            assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> REQUEST_TYPES.forEach(t -> Priming.prime(t, endpoint)));

            listener.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, listener::accept, "priming opened a connection");
        }
    }

    /**
     * The request type a handler primes: it counts the requests Jackson builds, so the test sees
     * that priming read the handler's own request type.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Probe(JsonNode plan) {
        static final AtomicInteger BUILT = new AtomicInteger();

        Probe {
            BUILT.incrementAndGet();
        }
    }

    @Test
    void beforeCheckpoint_primesTheHandlersRequestTypeWithoutRunningTheStep() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        TypedHandler<Probe, String> handler = new TypedHandler<>(Probe.class) {
            @Override
            protected String handle(Probe request) {
                steps.incrementAndGet();
                return "ran";
            }
        };
        Probe.BUILT.set(0);

        handler.beforeCheckpoint(null);

        assertAll(
                () -> assertTrue(Probe.BUILT.get() > 0, "priming did not read the sample into the request type"),
                () -> assertEquals(0, steps.get(), "priming ran the step"));

        // The same count sees a step that does run: an invocation.
        handler.handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
        assertEquals(1, steps.get(), "an invocation runs the step once");
    }
}
