package io.efsdr.sandbox.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Routes each request by its SigV4 credential scope to a service handler, applies injected faults
 * and journals the call before answering.
 */
final class AwsDispatcher implements HttpHandler {
    private final Map<String, ServiceHandler> handlers = new LinkedHashMap<>();
    private final FaultPlan faults;
    private final Clock clock;
    private final CallJournal journal;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Duration> timeoutHold;
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();

    AwsDispatcher(
            List<ServiceHandler> services,
            FaultPlan faults,
            Clock clock,
            CallJournal journal,
            ScheduledExecutorService scheduler,
            Supplier<Duration> timeoutHold) {
        services.forEach(h -> handlers.put(h.service(), h));
        this.faults = faults;
        this.clock = clock;
        this.journal = journal;
        this.scheduler = scheduler;
        this.timeoutHold = timeoutHold;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            dispatch(exchange);
        } catch (RuntimeException | Error e) {
            send(exchange, Json.restJsonError(new ServiceError(500, "InternalFailure", String.valueOf(e)), null));
        }
    }

    /** Drops every exchange still held by a TIMEOUT fault. */
    void dropHeld() {
        held.forEach(this::drop);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        CredentialScope scope =
                CredentialScope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
        if (scope == null) {
            // Every AWS service refuses an unsigned request; the code is the one API Gateway-style services
            // answer, in the protocol the client speaks (the service is unknown without a credential scope).
            AwsRequest request = read(exchange, null);
            ServiceError error =
                    new ServiceError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            send(exchange, WireProtocol.of("", request).error(request, error));
            return;
        }
        ServiceHandler handler = handlers.getOrDefault(scope.service(), new UnservedService(scope.service()));
        AwsRequest request = read(exchange, scope.region());
        String operation = handler.operation(request);
        boolean mutating = handler.isMutating(operation);
        Optional<FaultKind> fault = faults.next(handler.service(), operation, scope.region());
        AwsResponse response;
        if (fault.isPresent() && fault.get() != FaultKind.CONFLICT) {
            if (handler.faultsAfterServing(operation, fault.get())) {
                try {
                    handler.handle(request, operation);
                } catch (RuntimeException e) {
                    // a modelled error or not, the answer is lost to the fault
                }
            }
            switch (fault.get()) {
                case TIMEOUT -> {
                    journal(handler, request, operation, mutating, 0, FaultKind.TIMEOUT);
                    held.add(exchange);
                    long millis = timeoutHold.get().toMillis();
                    scheduler.schedule(() -> drop(exchange), millis, TimeUnit.MILLISECONDS);
                    return;
                }
                case UNREACHABLE -> {
                    journal(handler, request, operation, mutating, 0, FaultKind.UNREACHABLE);
                    exchange.close();
                    return;
                }
                case THROTTLING -> response = handler.render(request, handler.throttling());
                default -> response = handler.render(request, handler.serverError());
            }
            if (!handler.faultsAfterServing(operation, fault.get())) {
                handler.refused(request, operation, response.status());
            }
            journal(handler, request, operation, mutating, response.status(), fault.get());
        } else {
            try {
                response = handler.handle(request, operation);
            } catch (ServiceError e) {
                response = handler.render(request, e);
            } catch (RuntimeException e) {
                response = handler.render(request, new ServiceError(500, "InternalFailure", String.valueOf(e)));
            }
            journal(handler, request, operation, mutating, response.status(), null);
        }
        send(exchange, response);
    }

    private void drop(HttpExchange exchange) {
        if (held.remove(exchange)) {
            exchange.close();
        }
    }

    private void journal(
            ServiceHandler handler,
            AwsRequest request,
            String operation,
            boolean mutating,
            int status,
            FaultKind fault) {
        journal.record(
                new AwsCall(clock.instant(), handler.service(), request.region(), operation, mutating, status, fault));
    }

    private static AwsRequest read(HttpExchange exchange, String region) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        return new AwsRequest(
                region,
                exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(),
                AwsRequest.parseForm(exchange.getRequestURI().getRawQuery()),
                Map.copyOf(headers),
                body);
    }

    private static void send(HttpExchange exchange, AwsResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        response.headers().forEach(headers::set);
        // RFC 9110, HEAD: the headers a GET would have, never a body (the HEAD answer keeps its Content-Length).
        byte[] body = exchange.getRequestMethod().equalsIgnoreCase("HEAD") ? new byte[0] : response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
