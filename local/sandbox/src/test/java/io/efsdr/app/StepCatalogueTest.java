package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.notify.StepKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written ASL and template against the one step catalogue: every Task state, its function
 * and where it keeps its result; every function with its handler and its event. Adding a step
 * means adding it to the catalogue, and this test names whatever else is missing.
 */
class StepCatalogueTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();

    @Test
    void stateMachines_haveExactlyTheCataloguedTaskStates() throws IOException {
        for (String workflow : new String[] {"failover", "failback"}) {
            Map<String, String> inAsl = new TreeMap<>();
            JsonNode states = Json.MAPPER
                    .readTree(Files.readString(ROOT.resolve("statemachine/" + workflow + ".asl.json")))
                    .get("States");
            states.fields().forEachRemaining(e -> {
                JsonNode state = e.getValue();
                if (!state.path("Type").asText().equals("Task")) {
                    return;
                }
                String resource = state.path("Resource").asText().startsWith("${")
                        ? state.path("Resource").asText()
                        : state.path("Parameters").path("FunctionName").asText();
                String function = resource.replace("${", "").replace("Arn}", "");
                String resultPath = state.path("ResultPath").asText("");
                String key = resultPath.startsWith("$.steps.") ? resultPath.substring("$.steps.".length()) : "-";
                inAsl.put(e.getKey(), function + " " + key);
            });
            Map<String, String> catalogued = new TreeMap<>();
            StepCatalogue.STEPS.stream()
                    .filter(s -> s.workflow().equals(workflow))
                    .forEach(s -> catalogued.put(
                            s.state(),
                            s.function().id() + " "
                                    + (s.result() == null ? "-" : s.result().json())));
            assertEquals(
                    catalogued,
                    inAsl,
                    workflow + ": ASL Task states (state -> function result key) against the catalogue");
        }
    }

    @Test
    void everyResultKey_isRecordedByTheFunctionThatAnswersItsType() {
        StepCatalogue.STEPS.stream()
                .filter(s -> s.result() != null)
                .forEach(s -> assertTrue(
                        s.result().type().isAssignableFrom(s.function().resultType()),
                        s.state() + ": " + s.function().id() + " answers "
                                + s.function().resultType().getSimpleName() + ", but $.steps."
                                + s.result().json() + " is read as "
                                + s.result().type().getSimpleName()));
        assertEquals(
                new TreeSet<>(StepKey.ALL.stream().map(StepKey::json).toList()),
                new TreeSet<>(StepCatalogue.STEPS.stream()
                        .filter(s -> s.result() != null)
                        .map(s -> s.result().json())
                        .toList()),
                "every step key is used by a state");
    }

    @Test
    void everyFunction_isDeployedWithItsHandlerAndHasItsEvent() throws IOException {
        Map<String, Object> template = CloudFormationYaml.readTemplate(ROOT.resolve("template.yaml"));
        Map<?, ?> resources = (Map<?, ?>) template.get("Resources");
        Map<String, String> deployed = new TreeMap<>();
        resources.forEach((id, value) -> {
            Map<?, ?> resource = (Map<?, ?>) value;
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                deployed.put((String) id, String.valueOf(((Map<?, ?>) resource.get("Properties")).get("Handler")));
            }
        });
        Map<String, String> catalogued = new TreeMap<>();
        Arrays.stream(StepCatalogue.Function.values()).forEach(f -> catalogued.put(f.id(), f.handlerString()));
        assertEquals(catalogued, deployed, "template functions and handlers against the catalogue");
        for (StepCatalogue.Function function : StepCatalogue.Function.values()) {
            assertTrue(
                    Files.exists(ROOT.resolve("events").resolve(function.eventFile())),
                    function.id() + " has no events/" + function.eventFile());
        }
    }
}
