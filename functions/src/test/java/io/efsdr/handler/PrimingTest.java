package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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

    @Test
    void beforeCheckpoint_whenNoAwsEndpointIsReachable_completesWithoutCalls() {
        TypedHandler<Requests.Scale, String> handler = new TypedHandler<>(Requests.Scale.class) {
            @Override
            protected String handle(Requests.Scale request) {
                throw new AssertionError("priming must not run the step");
            }
        };

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> handler.beforeCheckpoint(null));
    }
}
