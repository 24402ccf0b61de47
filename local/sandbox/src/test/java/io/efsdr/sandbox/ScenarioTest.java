package io.efsdr.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A scenario means what it says: a field the parser does not read, at any level, is refused by its full path. */
class ScenarioTest {
    private static final String HOOK = "arn:aws:lambda:us-west-2:123456789012:function:smoke";

    static Stream<Arguments> unknownNestedFields() {
        return Stream.of(
                Arguments.of(
                        "{\"workloads\": [{\"name\": \"web\", \"bogusField\": 3}]}",
                        "scenario.workloads[0].bogusField",
                        "activeReplicas"),
                Arguments.of(
                        "{\"primary\": {\"region\": \"us-east-1\", \"bogus\": 1}}",
                        "scenario.primary.bogus",
                        "clusterName"),
                Arguments.of("{\"dr\": {\"clusterNmae\": \"shop-dr\"}}", "scenario.dr.clusterNmae", "fileSystemId"),
                Arguments.of(
                        "{\"faults\": [{\"service\": \"eks\", \"error\": \"5xx\"},"
                                + " {\"service\": \"sns\", \"error\": \"5xx\"},"
                                + " {\"service\": \"elasticfilesystem\", \"error\": \"throttling\", \"tiems\": 2}]}",
                        "scenario.faults[2].tiems",
                        "times"),
                Arguments.of(
                        "{\"hookFunctions\": {\"" + HOOK + "\": {\"result\": \"ok\", \"delaySecond\": 5}}}",
                        "scenario.hookFunctions." + HOOK + ".delaySecond",
                        "delaySeconds"));
    }

    @ParameterizedTest
    @MethodSource("unknownNestedFields")
    void parse_whenANestedObjectHasAnUnknownField_refusesItByPathNamingTheKnownFields(
            String json, String path, String aKnownField) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Scenario.parse(read(json), null));

        assertTrue(e.getMessage().startsWith(path + ": is not a known field (known: "), e.getMessage());
        assertTrue(e.getMessage().contains(aKnownField), e.getMessage());
    }

    static Stream<Arguments> wrongNestedTypes() {
        return Stream.of(
                Arguments.of("{\"workloads\": {\"name\": \"web\"}}", "scenario.workloads: must be a list"),
                Arguments.of("{\"workloads\": [\"web\"]}", "scenario.workloads[0]: must be a JSON object"),
                Arguments.of(
                        "{\"workloads\": [{\"name\": \"web\", \"activeReplicas\": \"2\"}]}",
                        "scenario.workloads[0].activeReplicas: must be a whole number"),
                Arguments.of(
                        "{\"workloads\": [{\"name\": \"web\", \"standbyReplicas\": -1}]}",
                        "scenario.workloads[0].standbyReplicas: must be a whole number >= 0"),
                Arguments.of(
                        "{\"workloads\": [{\"name\": \"web\", \"wave\": 1.5}]}",
                        "scenario.workloads[0].wave: must be a whole number"),
                Arguments.of("{\"workloads\": [{\"name\": 7}]}", "scenario.workloads[0].name: must be a string"),
                Arguments.of("{\"primary\": \"us-east-1\"}", "scenario.primary: must be a JSON object"),
                Arguments.of("{\"dr\": {\"region\": 2}}", "scenario.dr.region: must be a string"),
                Arguments.of(
                        "{\"faults\": [{\"service\": \"eks\", \"error\": \"5xx\", \"times\": \"2\"}]}",
                        "scenario.faults[0].times: must be a whole number"),
                Arguments.of(
                        "{\"faults\": [{\"service\": \"eks\", \"error\": \"5xx\", \"every\": 0}]}",
                        "scenario.faults[0].every: must be a whole number >= 1"),
                Arguments.of("{\"faults\": {\"service\": \"eks\"}}", "scenario.faults: must be a list"),
                Arguments.of(
                        "{\"hookFunctions\": {\"" + HOOK + "\": \"ok\"}}",
                        "scenario.hookFunctions." + HOOK + ": must be a JSON object"),
                Arguments.of(
                        "{\"hookFunctions\": {\"" + HOOK + "\": {\"duplicate\": \"yes\"}}}",
                        "scenario.hookFunctions." + HOOK + ".duplicate: must be true or false"),
                Arguments.of(
                        "{\"accessPointCount\": {\"fs-0fedcba9876543210\": \"many\"}}",
                        "scenario.accessPointCount.fs-0fedcba9876543210: must be a whole number"));
    }

    @ParameterizedTest
    @MethodSource("wrongNestedTypes")
    void parse_whenANestedFieldHasTheWrongType_refusesItByPath(String json, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Scenario.parse(read(json), null));

        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void parse_metricDelaySeconds_defaultsTo180AndRefusesWhatIsNotWholeSeconds() throws IOException {
        assertEquals(180, Scenario.parse(read("{}"), null).metricDelaySeconds());
        assertEquals(
                60, Scenario.parse(read("{\"metricDelaySeconds\": 60}"), null).metricDelaySeconds());
        for (String bad : List.of("-1", "1.5", "\"60\"")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Scenario.parse(read("{\"metricDelaySeconds\": " + bad + "}"), null));
            assertTrue(e.getMessage().startsWith("scenario.metricDelaySeconds: "), e.getMessage());
        }
    }

    @Test
    void parse_whenFreeMapsHoldAnyKeys_acceptsThem() {
        assertDoesNotThrow(() -> Scenario.parse(
                read("{\"storageClassParameters\": {\"anything\": \"x\"},"
                        + " \"workloads\": [{\"name\": \"web\", \"labels\": {\"team\": \"a\"},"
                        + " \"annotations\": {\"x.io/y\": \"z\"}}]}"),
                null));
    }

    @Test
    void parse_everyShippedScenario_loads() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Sandbox.projectRoot().resolve("local/scenarios"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }

        assertTrue(files.size() > 10, files.toString());
        assertAll(files.stream()
                .map(file -> () -> assertDoesNotThrow(
                        () -> Scenario.parse(Json.MAPPER.readTree(Files.readString(file)), null), file.toString())));
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> badFaultFields() {
        return Stream.of(
                Arguments.of("{\"crashes\": {\"state\": \"Validate Plan\"}}", "scenario.crashes: must be a list"),
                Arguments.of(
                        "{\"crashes\": [{\"state\": \"Validate Plan\"}, {\"state\": \"Promote The Moon\"}]}",
                        "scenario.crashes[1].state: must name a Task state"),
                Arguments.of("{\"crashes\": [{\"times\": 2}]}", "scenario.crashes[0].state: must name a Task state"),
                Arguments.of(
                        "{\"crashes\": [{\"state\": \"Validate Plan\", \"times\": 0}]}",
                        "scenario.crashes[0].times: must be a whole number >= 1"),
                Arguments.of(
                        "{\"crashes\": [{\"state\": \"Validate Plan\", \"when\": 1}]}",
                        "scenario.crashes[0].when: is not a known field"),
                Arguments.of("{\"redrive\": \"yes\"}", "scenario.redrive: must be true or false"),
                Arguments.of("{\"handoverPolicy\": \"absent\"}", "scenario.handoverPolicy: must be true or false"),
                Arguments.of("{\"primaryLostAfterSeconds\": -5}", "scenario.primaryLostAfterSeconds: must be a whole"),
                Arguments.of(
                        "{\"primaryLostAfterSeconds\": 60, \"primaryReachable\": false}",
                        "scenario.primaryLostAfterSeconds: the primary region is already unreachable"),
                Arguments.of(
                        "{\"primaryReturnsAfterSeconds\": 60}",
                        "scenario.primaryReturnsAfterSeconds: needs the primary region lost first"));
    }

    @ParameterizedTest
    @MethodSource("badFaultFields")
    void parse_whenACrashRedriveOrRegionLossFieldIsWrong_refusesItNamingTheField(String json, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Scenario.parse(read(json), null));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void parse_crashesRedriveAndPrimaryLoss_keepsThemWithTheirDefaults() {
        Scenario s = Scenario.parse(
                read("{\"crashes\": [{\"state\": \"Check Primary Readiness\"}], \"redrive\": true,"
                        + " \"primaryLostAfterSeconds\": 90, \"primaryReturnsAfterSeconds\": 600}"),
                null);
        Scenario defaults = Scenario.defaults();

        assertAll(
                () -> assertEquals(List.of(new Scenario.CrashSpec("Check Primary Readiness", 1)), s.crashes()),
                () -> assertTrue(s.redrive()),
                () -> assertEquals(90L, s.primaryLostAfterSeconds()),
                () -> assertEquals(List.of(), defaults.crashes()),
                () -> assertEquals(false, defaults.redrive()),
                () -> assertEquals(null, defaults.primaryLostAfterSeconds()));
    }

    @Test
    void primaryLostAfterSeconds_takesThePrimaryAwayAtThatMomentAndTheReturnCountsFromTheLoss() {
        Scenario s =
                Scenario.parse(read("{\"primaryLostAfterSeconds\": 90, \"primaryReturnsAfterSeconds\": 600}"), null);
        try (Sandbox sandbox = Sandbox.start(s)) {
            String primary = s.primary().region();
            boolean before = sandbox.faults().isRegionReachable(primary) && !sandbox.primaryDown();
            sandbox.clock().advance(java.time.Duration.ofSeconds(100));

            assertAll(
                    () -> assertTrue(before, "up before the loss"),
                    () -> assertEquals(sandbox.startedAt().plusSeconds(90), sandbox.primaryLostAt()),
                    () -> assertEquals(false, sandbox.faults().isRegionReachable(primary)),
                    () -> assertTrue(sandbox.primaryDown()),
                    () -> assertEquals(sandbox.startedAt().plusSeconds(690), sandbox.primaryReturnsAt()));
        }
    }
}
