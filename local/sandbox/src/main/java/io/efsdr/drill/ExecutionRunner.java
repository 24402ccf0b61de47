package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a state machine definition in the aws-local-stepfunctions engine (Node, from
 * {@code local/runner}), with every Task invoking the handler host, and streams its events.
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
        Path definition = root.resolve("statemachine/" + workflow + ".asl.json");
        List<String> command = new ArrayList<>(List.of(
                node().toString(),
                root.resolve("local/runner/run.mjs").toString(),
                "--definition",
                definition.toString(),
                "--invoke",
                invokeEndpoint.toString(),
                "--input",
                input.toString(),
                "--execution-name",
                executionName,
                "--region",
                region,
                "--start-time",
                startTime));
        if (startAt != null) {
            // A redrive (the drill redrives once): the Context object says so, as Step Functions' does.
            command.addAll(List.of("--start-at", startAt, "--redrive-count", "1", "--redrive-time", startTime));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment()
                .put("NODE_PATH", root.resolve("local/runner/node_modules").toString());
        List<ExecutionEvent> events = new ArrayList<>();
        try {
            Process process = builder.start();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode event = Json.MAPPER.readTree(line);
                    String type = event.path("type").asText();
                    if (type.equals("Result")) {
                        process.waitFor(30, TimeUnit.SECONDS);
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
            }
            int exit = process.waitFor();
            throw new IllegalStateException("the ASL runner ended (exit " + exit + ") without a result");
        } catch (IOException e) {
            throw new IllegalStateException("could not run the ASL runner: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
