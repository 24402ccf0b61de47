package io.efsdr.drill;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.efsdr.aws.AwsClients;
import io.efsdr.config.Json;
import io.efsdr.config.Settings;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.handler.Wiring;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.SsmPlanSource;
import io.efsdr.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Plays AWS Lambda for the ASL engine: {@code POST /invoke/<FunctionName>} runs the real handler
 * class through its {@code RequestStreamHandler} entry point with the same JSON bytes Step
 * Functions would send, and answers the result, or the error as Lambda reports it
 * ({@code X-Amz-Function-Error} and {@code {"errorType","errorMessage"}}). {@code POST
 * /clock/advance?millis=N} moves the sandbox clock past a shortened Wait state; {@code POST
 * /clock/sleep?participant=P&millis=N} does so through the {@link ClockCoordinator}, which moves the
 * clock only once every execution sharing it sleeps (one execution: at once). {@code GET
 * /tasks/<token>} answers a waiting {@code waitForTaskToken} step; when the scenario scripts
 * {@code approvals}, the host answers each new request in turn as a person would. The runner names
 * the state an invocation runs in ({@value #STATE_HEADER}), so a scenario's {@code crashes} die in
 * the state they name.
 */
public final class HandlerHost implements AutoCloseable {
    /** The header the runner sends with each invocation: the name of the Task state it runs in. */
    public static final String STATE_HEADER = "X-Sandbox-State";

    public static final String TOPIC_ARN_FORMAT = "arn:aws:sns:%s:000000000000:" + Sandbox.TOPIC_NAME;
    private final Sandbox sandbox;
    private final Wiring wiring;
    private final HttpServer server;
    private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> crashesToInject = new ConcurrentHashMap<>();
    private final Map<String, byte[]> firstPayloads = new ConcurrentHashMap<>();
    /** The scripted answer given to each task token, in request order. */
    private final Map<String, String> scriptedAnswers = new LinkedHashMap<>();
    /** A deliberate change to what the functions do (BrokenHandlerFuzzTest); null: the real handlers. */
    private final Mutation mutation;

    /**
     * A deliberately broken function, for the broken-handler tests (BrokenHandlerFuzzTest): it gets each
     * invocation's function id and request, and the real handler to call (with that request or an
     * altered one) or not, and answers the result Step Functions receives. The production handlers
     * know nothing of it.
     */
    @FunctionalInterface
    public interface Mutation {
        JsonNode invoke(String function, JsonNode request, RealHandler handler) throws IOException;
    }

    /** The function's real handler, run through its Lambda entry point. */
    @FunctionalInterface
    public interface RealHandler {
        JsonNode invoke(JsonNode request) throws IOException;
    }

    private final ClockCoordinator clockCoordinator;

    /** One handler invocation, for reports and tests. */
    public record Invocation(String function, long durationMillis, String errorType) {}

    /** Figures recorded by the notify step, kept in memory in the sandbox. */
    public static final class RecordedMetrics implements RunMetrics {
        private final List<Map<String, Double>> records = new CopyOnWriteArrayList<>();
        private final List<Map<String, Double>> gauges = new CopyOnWriteArrayList<>();

        @Override
        public void record(String workflow, String outcome, Map<String, Double> figures) {
            records.add(Map.copyOf(figures));
        }

        @Override
        public void gauges(String workflow, Map<String, Double> values) {
            gauges.add(Map.copyOf(values));
        }

        public List<Map<String, Double>> records() {
            return List.copyOf(records);
        }

        /** The gauges of each run (the readiness checks), oldest first. */
        public List<Map<String, Double>> gauges() {
            return List.copyOf(gauges);
        }
    }

    public HandlerHost(Sandbox sandbox) throws IOException {
        this(sandbox, Map.of());
    }

    /** The ARN the sandbox gives a workflow's state machine. */
    public static String stateMachineArn(String region, String workflow) {
        return "arn:aws:states:" + region + ":000000000000:stateMachine:" + Sandbox.stateMachineName(workflow);
    }

    /**
     * The settings every function gets in the sandbox, as the template gives them in AWS: the DR
     * region, the plan parameter, the topic, both state machines, cooldown, call timeout, audit bucket.
     */
    public static Map<String, String> functionEnvironment(Sandbox sandbox) {
        String region = sandbox.scenario().dr().region();
        return Map.of(
                "AWS_REGION",
                region,
                "PLAN_PARAMETER_NAME",
                Sandbox.PLAN_PARAMETER,
                "TOPIC_ARN",
                String.format(TOPIC_ARN_FORMAT, region),
                "FAILOVER_STATE_MACHINE_ARN",
                stateMachineArn(region, "failover"),
                "FAILBACK_STATE_MACHINE_ARN",
                stateMachineArn(region, "failback"),
                "COOLDOWN_MINUTES",
                "60",
                "AWS_CALL_TIMEOUT_SECONDS",
                "20",
                "AUDIT_BUCKET",
                Sandbox.AUDIT_BUCKET);
    }

    /** A host whose functions see {@code environment} on top of the sandbox's own settings. */
    public HandlerHost(Sandbox sandbox, Map<String, String> environment) throws IOException {
        this(sandbox, environment, null);
    }

    /**
     * As {@link #HandlerHost(Sandbox, Map)}, every invocation going through {@code mutation} (null:
     * none).
     */
    public HandlerHost(Sandbox sandbox, Map<String, String> environment, Mutation mutation) throws IOException {
        this.sandbox = sandbox;
        this.clockCoordinator = new ClockCoordinator(sandbox.clock(), sandbox::observe);
        this.mutation = mutation;
        Map<String, String> env = new HashMap<>(functionEnvironment(sandbox));
        env.putAll(environment);
        Settings settings = Settings.fromMap(env);
        String region = settings.region();
        AwsClients aws = new AwsClients(
                settings.awsCallTimeout(),
                settings.awsMaxAttempts(),
                Optional.of(sandbox.awsEndpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(Sandbox.ACCESS_KEY, Sandbox.SECRET_KEY)));
        this.wiring = new Wiring(
                settings,
                aws,
                sandbox.clock(),
                new RecordedMetrics(),
                new SsmPlanSource(() -> aws.ssm(region), settings.planParameterName(), region));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/invoke/", this::invoke);
        server.createContext("/clock/advance", this::advance);
        server.createContext("/clock/sleep", this::sleep);
        server.createContext("/tasks/", this::task);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The clock every execution run through this host shares. */
    public ClockCoordinator clockCoordinator() {
        return clockCoordinator;
    }

    /** What the host builds each function's handler over: the sandbox's clients, clock and settings. */
    public Wiring wiring() {
        return wiring;
    }

    /** The payload a function got on its first invocation (the benchmarks replay it). */
    public Optional<byte[]> firstPayload(String function) {
        return Optional.ofNullable(firstPayloads.get(function));
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /**
     * Makes the next {@code times} invocations of a function fail as a crashed Lambda runtime would
     * ({@code Lambda.ServiceException}) after the handler has run, to prove the retried step is
     * idempotent.
     */
    public void crashAfterHandler(String function, int times) {
        crashesToInject.put(function, new AtomicInteger(times));
    }

    /**
     * Runs one function's handler directly through its Lambda entry point with the given input
     * (for runs without a state machine, such as the readiness checks); failures are thrown.
     */
    public JsonNode invokeDirectly(String function, JsonNode input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long started = System.nanoTime();
        String errorType = null;
        try {
            handle(function, Json.MAPPER.writeValueAsBytes(input), output);
        } catch (RuntimeException e) {
            errorType = e.getClass().getName();
            throw e;
        } finally {
            invocations.add(new Invocation(function, (System.nanoTime() - started) / 1_000_000, errorType));
        }
        return Json.MAPPER.readTree(output.toByteArray());
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String function = exchange.getRequestURI().getPath().substring("/invoke/".length());
            byte[] payload = exchange.getRequestBody().readAllBytes();
            firstPayloads.putIfAbsent(function, payload);
            long started = System.nanoTime();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String errorType = null;
            byte[] answer;
            try {
                handle(function, payload, output);
                answer = output.toByteArray();
                AtomicInteger crashes = crashesToInject.get(function);
                String state = exchange.getRequestHeaders().getFirst(STATE_HEADER);
                if ((crashes != null && crashes.getAndDecrement() > 0)
                        || sandbox.faults().crashNow(state)) {
                    // A runtime that dies (out of memory, timed out, killed) reaches Step Functions as
                    // Lambda.Unknown (Step Functions developer guide, best practices: "Handle transient
                    // Lambda service exceptions"), not as one of the Lambda service's own errors.
                    errorType = "Lambda.Unknown";
                    answer = error(
                            errorType,
                            "the sandbox crashed the runtime of " + function
                                    + (state == null ? "" : " in \"" + state + "\"")
                                    + " after its handler finished");
                }
            } catch (Exception e) {
                errorType = e.getClass().getName();
                answer = error(errorType, e.getMessage());
            }
            invocations.add(new Invocation(function, (System.nanoTime() - started) / 1_000_000, errorType));
            if (errorType != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(answer);
            }
        }
    }

    /** Runs the function's handler on {@code payload}, through the mutation when there is one. */
    private void handle(String function, byte[] payload, OutputStream output) throws IOException {
        if (mutation == null) {
            handler(function).handleRequest(new ByteArrayInputStream(payload), output, new SandboxContext(function));
            return;
        }
        JsonNode result = mutation.invoke(function, Json.MAPPER.readTree(payload), request -> {
            ByteArrayOutputStream real = new ByteArrayOutputStream();
            handler(function)
                    .handleRequest(
                            new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(request)),
                            real,
                            new SandboxContext(function));
            return Json.MAPPER.readTree(real.toByteArray());
        });
        if (result != null && !result.isMissingNode()) {
            Json.MAPPER.writeValue(output, result);
        }
    }

    private static byte[] error(String type, String message) throws IOException {
        return Json.MAPPER.writeValueAsBytes(
                Map.of("errorType", type, "errorMessage", message == null ? type : message));
    }

    private void advance(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            long millis = Long.parseLong(query.replaceFirst(".*millis=(\\d+).*", "$1"));
            sandbox.clock().advance(Duration.ofMillis(millis));
            sandbox.observe();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /**
     * A shortened Wait (or a waitForTaskToken step's timeout) of the execution {@code participant}:
     * answered once the {@link ClockCoordinator} has moved the clock {@code millis} past the moment
     * it was asked.
     */
    private void sleep(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            try {
                clockCoordinator.sleep(
                        query.get("participant"), Duration.ofMillis(Long.parseLong(query.get("millis"))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /**
     * The decision sent for a task token (204 while none); asking makes the token known. A step
     * that waits ({@code ?waiting=1}: its function has published the request) gets the scenario's
     * scripted answer, if it has {@code approvals}: approve or reject go through DecideApproval, the
     * function a person uses, so Step Functions receives exactly what it would; a timeout answers
     * {@code {"timedOut": true}} and the runner moves the clock past the step's timeout at once.
     */
    private void task(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = URLDecoder.decode(
                    exchange.getRequestURI().getRawPath().substring("/tasks/".length()), StandardCharsets.UTF_8);
            boolean waiting = "waiting=1".equals(exchange.getRequestURI().getQuery());
            var model = sandbox.aws().stepFunctions();
            model.registerTaskToken(token);
            var decision = model.decision(token);
            if (decision.isEmpty() && waiting && sandbox.scenario().approvals() != null) {
                if ("timeout".equals(answerScripted(token))) {
                    byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("timedOut", true));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                    return;
                }
                decision = model.decision(token);
            }
            if (decision.isEmpty()) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] body = Json.MAPPER.writeValueAsBytes(decision.get());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * The scenario's answer to the approval request holding {@code token}: the next unused one in
     * {@code approvals} (a request past the list times out), given once per token.
     */
    private String answerScripted(String token) throws IOException {
        String answer;
        int index;
        synchronized (scriptedAnswers) {
            if (scriptedAnswers.containsKey(token)) {
                return scriptedAnswers.get(token);
            }
            List<String> script = sandbox.scenario().approvals();
            index = scriptedAnswers.size();
            answer = index < script.size() ? script.get(index) : "timeout";
            scriptedAnswers.put(token, answer);
        }
        if (!answer.equals("timeout")) {
            invokeDirectly(
                    "DecideApprovalFunction",
                    Json.MAPPER
                            .createObjectNode()
                            .put("token", token)
                            .put("decision", answer)
                            .put("reason", "scripted by the scenario (approvals[" + index + "])")
                            .put("approver", "drill"));
        }
        return answer;
    }

    /** The scripted answers given so far, in request order. */
    public List<String> scriptedAnswers() {
        synchronized (scriptedAnswers) {
            return List.copyOf(scriptedAnswers.values());
        }
    }

    private RequestStreamHandler handler(String function) {
        return handlers.computeIfAbsent(function, name -> {
            StepCatalogue.Function catalogued = StepCatalogue.Function.byId(name)
                    .orElseThrow(() -> new IllegalStateException("no function " + name + " in the step catalogue"));
            try {
                return catalogued.handler().getConstructor(Wiring.class).newInstance(wiring);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build the handler of " + name, e);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
