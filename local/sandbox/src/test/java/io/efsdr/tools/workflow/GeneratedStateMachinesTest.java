package io.efsdr.tools.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * statemachine/*.asl.json are exactly what {@link Workflows} generates (run {@code local/asl} to
 * rewrite them), and the shapes the builder writes once hold in the generated files.
 */
class GeneratedStateMachinesTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();

    private static String committed(String workflow) throws IOException {
        return Files.readString(ROOT.resolve("statemachine/" + workflow + ".asl.json"), StandardCharsets.UTF_8);
    }

    @Test
    void committedAslIsTheGeneratedAsl() throws IOException {
        for (String workflow : List.of("failover", "failback")) {
            String generated = Workflows.asl(workflow);
            // As JSON first, so a difference names the state; then byte for byte (layout and key order).
            JsonNode want = Json.MAPPER.readTree(generated);
            JsonNode have = Json.MAPPER.readTree(committed(workflow));
            List<String> differing = new ArrayList<>();
            want.path("States").fieldNames().forEachRemaining(name -> {
                if (!want.path("States").path(name).equals(have.path("States").path(name))) {
                    differing.add(name);
                }
            });
            have.path("States").fieldNames().forEachRemaining(name -> {
                if (!want.path("States").has(name)) {
                    differing.add(name + " (not generated)");
                }
            });
            assertEquals(List.of(), differing, workflow + ": states that differ from Workflows; run local/asl");
            assertEquals(want, have, workflow + ": the machine's own fields differ from Workflows; run local/asl");
            assertEquals(generated, committed(workflow), workflow + ": layout or key order differs; run local/asl");
        }
    }

    @Test
    void everyLambdaTaskHasTheOneRetryPolicyAndTimeout() {
        for (String workflow : List.of("failover", "failback")) {
            JsonNode states =
                    Json.MAPPER.valueToTree(Workflows.all().get(workflow).json().get("States"));
            JsonNode retry = Json.MAPPER.valueToTree(Asl.RETRY);
            int tasks = 0;
            for (var it = states.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode state = e.getValue();
                if (!state.path("Type").asText().equals("Task")) {
                    continue;
                }
                tasks++;
                assertEquals(retry, state.path("Retry"), workflow + " / " + e.getKey());
                boolean approval = state.path("Resource").asText().endsWith(".waitForTaskToken");
                assertEquals(
                        approval ? "" : String.valueOf(Asl.TASK_TIMEOUT_SECONDS),
                        state.path("TimeoutSeconds").asText(""),
                        workflow + " / " + e.getKey());
                // No catch-all on a work state: a failed step ends the execution there, for a redrive.
                boolean notify = state.path("Resource").asText().equals("${NotifyFunctionArn}");
                if (!notify) {
                    assertTrue(
                            !state.path("Catch").toString().contains("States.ALL")
                                    || e.getKey().equals("Resume DR Workloads"),
                            workflow + " / " + e.getKey() + " catches States.ALL");
                }
            }
            assertTrue(tasks > 25, workflow + ": " + tasks + " tasks");
        }
    }

    @Test
    void printerWritesTheFilesLayout() {
        // As Python's json.dumps(d, indent=2, ensure_ascii=False), the files' layout before the generator.
        assertEquals("{}\n", Asl.print(Asl.obj()));
        assertEquals("[]\n", Asl.print(java.util.List.of()));
        assertEquals("\"a\\nb\\t\\u0001/\"\n", Asl.print("a\nb\t\u0001/"));
        assertEquals(
                "{\n  \"a\": [\n    1,\n    true,\n    null\n  ],\n  \"b\": \"q\\\"\\\\ é\"\n}\n",
                Asl.print(Asl.obj("a", java.util.Arrays.asList(1, true, null), "b", "q\"\\ é")));
    }
}
