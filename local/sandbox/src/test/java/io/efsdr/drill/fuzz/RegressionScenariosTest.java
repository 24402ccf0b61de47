package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.drill.ExecutionRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario in local/scenarios/regressions (a shrunk fuzz finding, committed with its fix; its
 * workflow is the first word of its file name) is run and judged as the fuzzer judges it: it holds
 * every property. Findings not fixed yet wait in local/scenarios/findings (docs/testing.md), which
 * no test runs.
 */
class RegressionScenariosTest {

    static Stream<Path> scenarios() throws Exception {
        Path dir = ExecutionRunner.projectRoot().resolve("local/scenarios/regressions");
        if (!Files.isDirectory(dir)) {
            return Stream.empty(); // none committed yet (git keeps no empty folder)
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("scenarios")
    void holdsEveryProperty(Path file) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(ExecutionRunner.projectRoot().resolve("local/runner/node_modules/.bin/node"))
                        || System.getenv("CI") != null,
                "local/runner is not installed");
        String name = file.getFileName().toString();
        String workflow = name.substring(0, name.indexOf('-'));
        ObjectNode scenario = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        Fuzzer.Outcome outcome =
                new Fuzzer(ExecutionRunner.projectRoot()).run(new World(null, workflow, scenario, List.of()));
        assertEquals(List.of(), outcome.failed(), String.valueOf(outcome.verdicts()));
    }
}
