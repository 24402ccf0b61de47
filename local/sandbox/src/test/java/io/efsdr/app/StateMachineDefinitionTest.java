package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules every state machine definition must keep (see DESIGN.md, Step Functions facts). */
class StateMachineDefinitionTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Set<String> TRANSIENT_LAMBDA_ERRORS = Set.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");

    static Stream<Path> definitions() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("statemachine"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".asl.json"))
                    .sorted()
                    .toList();
            assertFalse(list.isEmpty(), "no statemachine/*.asl.json found under " + ROOT);
            return list.stream();
        }
    }

    private static Map<String, JsonNode> tasks(Path definition) throws IOException {
        JsonNode root = Json.MAPPER.readTree(Files.readString(definition));
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        collect(root.get("States"), tasks);
        return tasks;
    }

    private static void collect(JsonNode states, Map<String, JsonNode> tasks) {
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> state = it.next();
            if (state.getValue().path("Type").asText().equals("Task")) {
                tasks.put(state.getKey(), state.getValue());
            }
            for (JsonNode branch : state.getValue().path("Branches")) {
                collect(branch.get("States"), tasks);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void everyTask_hasATimeoutAndRetriesTheTransientLambdaErrors(Path definition) throws IOException {
        tasks(definition).forEach((name, task) -> {
            assertTrue(
                    task.path("TimeoutSeconds").asInt(0) > 0
                            || task.path("TimeoutSecondsPath").isTextual(),
                    name + " has no TimeoutSeconds");
            Set<String> retried = new HashSet<>();
            for (JsonNode retrier : task.path("Retry")) {
                retrier.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
                assertTrue(retrier.path("BackoffRate").asDouble(0) > 1, name + ": retries must back off");
                assertEquals("FULL", retrier.path("JitterStrategy").asText(), name + ": retries must use jitter");
            }
            assertTrue(
                    retried.containsAll(TRANSIENT_LAMBDA_ERRORS), name + " does not retry " + TRANSIENT_LAMBDA_ERRORS);
            assertFalse(retried.contains("States.ALL"), name + " retries everything, including validation errors");
            assertFalse(retried.contains("io.efsdr.error.InvalidInputException"), name + " retries validation errors");
            assertFalse(
                    retried.contains("io.efsdr.error.PermissionDeniedException"), name + " retries permission errors");
        });
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void everyCustomErrorName_isATopLevelFinalExceptionClass(Path definition) throws IOException {
        List<String> custom = new ArrayList<>();
        tasks(definition).values().forEach(task -> {
            task.path("Retry").forEach(r -> custom.addAll(names(r)));
            task.path("Catch").forEach(c -> custom.addAll(names(c)));
        });
        custom.removeIf(n -> n.startsWith("States.") || n.startsWith("Lambda."));
        assertFalse(custom.isEmpty(), "expected at least one project error to be routed");
        for (String name : custom) {
            Class<?> type = assertDoesNotThrowClass(name);
            assertTrue(RuntimeException.class.isAssignableFrom(type), name + " is not an unchecked exception");
            assertTrue(Modifier.isFinal(type.getModifiers()), name + " is not final");
            assertTrue(type.getEnclosingClass() == null, name + " is nested: Step Functions would see Outer$Inner");
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void aslValidator_acceptsTheDefinition(Path definition) throws Exception {
        Path validator = ROOT.resolve("local/runner/node_modules/asl-validator/dist/bin/asl-validator.js");
        Path node = ROOT.resolve("local/runner/node_modules/.bin/node");
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(
                    Files.isExecutable(node), "local/runner is not installed: run `npm ci --prefix local/runner`");
        }
        Path bin = Files.exists(validator) ? validator : ROOT.resolve("local/runner/node_modules/.bin/asl-validator");
        Process process = new ProcessBuilder(node.toString(), bin.toString(), "--json-path", definition.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "asl-validator did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("is valid"), output);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void definition_isJsonPathNotJsonata(Path definition) throws IOException {
        JsonNode root = Json.MAPPER.readTree(Files.readString(definition));
        assertFalse("JSONata".equals(root.path("QueryLanguage").asText()), "the local ASL engine runs JSONPath only");
        assertNotNull(root.get("TimeoutSeconds"), "a state machine needs an overall timeout as a backstop");
    }

    private static List<String> names(JsonNode rule) {
        List<String> names = new ArrayList<>();
        rule.path("ErrorEquals").forEach(e -> names.add(e.asText()));
        return names;
    }

    private static Class<?> assertDoesNotThrowClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("ErrorEquals names " + name + ", which is not a class of the project", e);
        }
    }
}
