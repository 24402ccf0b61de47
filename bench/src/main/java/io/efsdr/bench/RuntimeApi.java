package io.efsdr.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for the Lambda Runtime API (2018-06-01) that the Runtime Interface Client
 * polls: {@code GET /invocation/next} hands out queued events, {@code POST .../response} and
 * {@code .../error} complete them with the time they arrived. With SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) the client runs the CRaC {@code beforeCheckpoint}
 * hooks after init and then calls {@code GET /restore/next}, where Lambda takes the snapshot; the
 * stand-in holds that call until {@link #restore()}, which is where a restored snapshot goes on.
 */
final class RuntimeApi implements AutoCloseable {
    /** A function's answer and the {@link System#nanoTime()} it arrived at. */
    record Answer(boolean error, String body, long arrivedNanos) {}

    private record Event(String requestId, byte[] payload) {}

    private final HttpServer server;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Answer> initError = new CompletableFuture<>();
    private final String functionName;
    private final CompletableFuture<Long> snapshotPoint = new CompletableFuture<>();
    private final CompletableFuture<Void> restored = new CompletableFuture<>();

    RuntimeApi(String functionName) throws IOException {
        this.functionName = functionName;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Completes with the {@link System#nanoTime()} the client asked for {@code /restore/next}: init
     * and the priming hooks are done, the moment Lambda snapshots the JVM.
     */
    CompletableFuture<Long> snapshotPoint() {
        return snapshotPoint;
    }

    /** Answers the held {@code /restore/next}: the client runs its {@code afterRestore} hooks and polls for events. */
    void restore() {
        restored.complete(null);
    }

    /** Queues an event; the future completes with the function's answer. */
    CompletableFuture<Answer> invoke(byte[] payload) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(id, answer);
        events.add(new Event(id, payload));
        return CompletableFuture.anyOf(answer, initError).thenApply(Answer.class::cast);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/2018-06-01/runtime/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            if (path.equals("restore/next")) {
                snapshotPoint.complete(now);
                try {
                    restored.get(10, TimeUnit.MINUTES);
                } catch (Exception e) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (path.equals("invocation/next")) {
                Event event;
                try {
                    event = events.poll(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    return;
                }
                if (event == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", event.requestId());
                headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 120_000));
                headers.add(
                        "Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-west-2:000000000000:function:" + functionName + ":live");
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                headers.add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, event.payload().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(event.payload());
                }
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            if (path.equals("init/error") || path.equals("restore/error")) {
                initError.complete(new Answer(true, text, now));
                snapshotPoint.complete(now);
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                CompletableFuture<Answer> answer = pending.remove(parts[1]);
                if (answer != null) {
                    answer.complete(new Answer(parts[2].equals("error"), text, now));
                }
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
