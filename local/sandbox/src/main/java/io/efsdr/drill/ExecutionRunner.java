package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a state machine definition in the aws-local-stepfunctions engine (Node, from
 * {@code local/runner}), with every Task invoking the handler host, and streams its events. The
 * Node processes are kept and reused across runs (see {@link Served}).
 */
public final class ExecutionRunner {
    private final Path root;

    public ExecutionRunner(Path root) {
        this.root = root;
    }

    /** The project root: {@code drill.root} or {@code project.root}, else the working directory. */
    public static Path projectRoot() {
        return Sandbox.projectRoot();
    }

    public Path node() {
        Path local = root.resolve("local/runner/node_modules/.bin/node");
        if (!Files.isExecutable(local)) {
            throw new IllegalStateException(
                    "Node 22 is not installed in local/runner: run `npm ci --prefix local/runner` (local/drill and "
                            + ".ci/run do it)");
        }
        return local;
    }

    public ExecutionRecord run(
            String workflow,
            JsonNode input,
            String executionName,
            URI invokeEndpoint,
            String region,
            String startTime,
            Consumer<ExecutionEvent> listener) {
        return run(workflow, input, executionName, invokeEndpoint, region, startTime, null, listener);
    }

    /**
     * As {@link #run}, starting at {@code startAt} (a redrive: the failed state, with its original input) when not
     * null.
     */
    public ExecutionRecord run(
            String workflow,
            JsonNode input,
            String executionName,
            URI invokeEndpoint,
            String region,
            String startTime,
            String startAt,
            Consumer<ExecutionEvent> listener) {
        return run(workflow, input, executionName, invokeEndpoint, region, startTime, startAt, null, listener);
    }

    /**
     * As {@link #run}, the execution's Wait states sleeping as {@code participant} of the handler
     * host's {@link ClockCoordinator} (the execution name when null).
     */
    public ExecutionRecord run(
            String workflow,
            JsonNode input,
            String executionName,
            URI invokeEndpoint,
            String region,
            String startTime,
            String startAt,
            String participant,
            Consumer<ExecutionEvent> listener) {
        Path definition = root.resolve("statemachine/" + workflow + ".asl.json");
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("definition", definition.toString())
                .put("invoke", invokeEndpoint.toString())
                .put("input", input.toString())
                .put("execution-name", executionName)
                .put("region", region)
                .put("start-time", startTime);
        if (participant != null) {
            request.put("participant", participant);
        }
        if (startAt != null) {
            // A redrive (the drill redrives once): the Context object says so, as Step Functions' does.
            request.put("start-at", startAt).put("redrive-count", "1").put("redrive-time", startTime);
        }
        Served runner = borrow();
        boolean reusable = false;
        List<ExecutionEvent> events = new ArrayList<>();
        try {
            runner.in.write(request.toString());
            runner.in.write('\n');
            runner.in.flush();
            String line;
            while ((line = runner.out.readLine()) != null) {
                JsonNode event = Json.MAPPER.readTree(line);
                String type = event.path("type").asText();
                if (type.equals("Result")) {
                    reusable = true;
                    return new ExecutionRecord(
                            event.path("status").asText(),
                            List.copyOf(events),
                            event.get("output"),
                            text(event, "error"),
                            text(event, "cause"));
                }
                ExecutionEvent parsed = new ExecutionEvent(
                        type,
                        event.path("at").asLong(),
                        text(event, "state"),
                        text(event, "stateType"),
                        event.get("input"),
                        event.get("output"),
                        text(event, "error"),
                        text(event, "cause"),
                        event.path("inputBytes").asLong(0),
                        event.path("outputBytes").asLong(0));
                events.add(parsed);
                listener.accept(parsed);
            }
            int exit = runner.process.waitFor();
            throw new IllegalStateException("the ASL runner ended (exit " + exit + ") without a result");
        } catch (IOException e) {
            throw new IllegalStateException("could not run the ASL runner: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (reusable) {
                release(runner);
            } else {
                runner.process.destroyForcibly();
            }
        }
    }

    /**
     * A Node process of {@code local/runner/run.mjs --serve}: it runs one execution per request
     * line, in turn, so the engine's import and each definition's validation are paid once per
     * process rather than once per run. Idle processes are kept for the next run (one run at a
     * time each; concurrent runs get processes of their own); a run that did not end with its
     * Result line ends its process.
     */
    private record Served(Path root, Process process, BufferedWriter in, BufferedReader out) {}

    private static final Deque<Served> IDLE = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IDLE) {
                IDLE.forEach(s -> s.process.destroy());
                IDLE.clear();
            }
        }));
    }

    private Served borrow() {
        synchronized (IDLE) {
            for (var it = IDLE.iterator(); it.hasNext(); ) {
                Served s = it.next();
                if (s.root.equals(root)) {
                    it.remove();
                    if (s.process.isAlive()) {
                        return s;
                    }
                }
            }
        }
        List<String> command =
                List.of(node().toString(), root.resolve("local/runner/run.mjs").toString(), "--serve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment()
                .put("NODE_PATH", root.resolve("local/runner/node_modules").toString());
        try {
            Process process = builder.start();
            return new Served(
                    root,
                    process,
                    new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("could not run the ASL runner: " + e.getMessage(), e);
        }
    }

    private static void release(Served runner) {
        synchronized (IDLE) {
            IDLE.push(runner);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
