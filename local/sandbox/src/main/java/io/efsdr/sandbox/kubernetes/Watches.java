package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API server's watches: {@code ?watch=true} on a collection, as a stream of WatchEvents. */
final class Watches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiRoutes routes;
    private final Clock clock;
    private final Runnable evaluate;

    /** @param evaluate brings the cluster up to now (and tells the change listeners) */
    Watches(ApiRoutes routes, Clock clock, Runnable evaluate) {
        this.routes = routes;
        this.clock = clock;
        this.evaluate = evaluate;
    }

    /**
     * {@code ?watch=true} on a collection (Kubernetes docs, "Kubernetes API Concepts", Efficient
     * detection of changes): a stream of newline-delimited WatchEvents ({@code ADDED}, {@code
     * MODIFIED}, {@code DELETED}) with the object in it, from {@code resourceVersion} on (absent or
     * {@code 0}: every object that exists first, as ADDED), filtered by the label and field
     * selectors, ending after {@code timeoutSeconds} (real seconds) or when the client goes away.
     * The stand-in's state changes lazily with the virtual clock, so the stream looks at it every
     * {@link #WATCH_POLL}; an object's resourceVersion moves on every change of it.
     */
    ApiServer.Response watch(ApiRequest request, HttpExchange exchange) throws ApiException {
        routes.authorize(request);
        ApiRequest list = request.asList();
        FieldSelector fields = FieldSelector.parse(request.query().get("fieldSelector"), request.resource());
        boolean table = Tables.wanted(exchange.getRequestHeaders().getFirst("Accept"));
        Map<String, ObjectNode> known = snapshot(list, exchange, fields);
        String since = request.query().getOrDefault("resourceVersion", "");
        long timeoutSeconds = parseLong(request.query().get("timeoutSeconds"), WATCH_DEFAULT_TIMEOUT.toSeconds());
        return ApiServer.Response.stream(out -> {
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            long lastWrite = System.nanoTime();
            Map<String, ObjectNode> seen = known;
            for (ObjectNode object : seen.values()) {
                long version = parseLong(
                        object.path("metadata").path("resourceVersion").asText(), 0);
                if (since.isEmpty() || since.equals("0")) {
                    event(out, "ADDED", object, request, table);
                } else if (version > parseLong(since, Long.MAX_VALUE)) {
                    event(out, "MODIFIED", object, request, table);
                }
            }
            out.flush();
            while (System.nanoTime() < deadline) {
                Thread.sleep(WATCH_POLL.toMillis());
                evaluate.run();
                Map<String, ObjectNode> now;
                try {
                    now = snapshot(list, exchange, fields);
                } catch (ApiException e) {
                    return;
                }
                boolean wrote = false;
                for (var entry : now.entrySet()) {
                    ObjectNode before = seen.get(entry.getKey());
                    if (before == null) {
                        event(out, "ADDED", entry.getValue(), request, table);
                        wrote = true;
                    } else if (!version(before).equals(version(entry.getValue()))) {
                        event(out, "MODIFIED", entry.getValue(), request, table);
                        wrote = true;
                    }
                }
                for (var entry : seen.entrySet()) {
                    if (!now.containsKey(entry.getKey())) {
                        event(out, "DELETED", entry.getValue(), request, table);
                        wrote = true;
                    }
                }
                seen = now;
                if (!wrote && System.nanoTime() - lastWrite > WATCH_KEEPALIVE.toNanos()) {
                    // Whitespace between JSON objects is skipped by the client's decoder; writing it finds a
                    // client that went away.
                    out.write('\n');
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        });
    }

    private static final Duration WATCH_POLL = Duration.ofMillis(100);
    private static final Duration WATCH_KEEPALIVE = Duration.ofSeconds(5);
    /** kube-apiserver's {@code --min-request-timeout} default: 1800 s (a real server adds up to as much again). */
    private static final Duration WATCH_DEFAULT_TIMEOUT = Duration.ofSeconds(1800);

    private Map<String, ObjectNode> snapshot(ApiRequest list, HttpExchange exchange, FieldSelector fields)
            throws ApiException {
        LabelSelector selector = LabelSelector.parse(list.query().get("labelSelector"));
        ObjectNode body = routes.list(list, selector);
        Map<String, ObjectNode> objects = new TreeMap<>();
        for (JsonNode item : body.path("items")) {
            if (fields.matches(item)) {
                JsonNode metadata = item.path("metadata");
                objects.put(
                        metadata.path("namespace").asText("") + "/"
                                + metadata.path("name").asText(),
                        ApiServer.typed(list, item));
            }
        }
        return objects;
    }

    private static String version(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }

    private void event(OutputStream out, String type, ObjectNode object, ApiRequest request, boolean table)
            throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set(
                "object",
                table
                        ? Tables.table(
                                request.resource(),
                                List.of(object),
                                version(object),
                                request.query().get("includeObject"),
                                clock.instant())
                        : object);
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
    }

    private static long parseLong(String text, long otherwise) {
        try {
            return text == null || text.isEmpty() ? otherwise : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
