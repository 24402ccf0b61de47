package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/** Starts a sandbox from a scenario, runs a real workflow in it, and keeps both for assertions. */
final class DrillHarness implements AutoCloseable {
    final Sandbox sandbox;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Drill drill;

    DrillHarness(String scenarioJson) {
        requireNodeTools();
        this.sandbox = Sandbox.start(Scenario.parse(parse(scenarioJson), null));
        this.drill = new Drill(ExecutionRunner.projectRoot(), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    static void requireNodeTools() {
        boolean installed =
                Files.isExecutable(ExecutionRunner.projectRoot().resolve("local/runner/node_modules/.bin/node"));
        if (System.getenv("CI") != null && !installed) {
            throw new IllegalStateException(
                    "local/runner is not installed: .ci/run must run `npm ci --prefix local/runner` first");
        }
        Assumptions.assumeTrue(installed, "local/runner/node_modules is missing: run `npm ci --prefix local/runner`");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    DrillReport failover() {
        return run("failover", Drill.input(sandbox.scenario(), "drill test"));
    }

    DrillReport run(String workflow, JsonNode input) {
        return drill.run(sandbox, workflow, input);
    }

    DrillReport runWithHost(String workflow, Consumer<HandlerHost> prepare) throws Exception {
        try (HandlerHost host = new HandlerHost(sandbox)) {
            prepare.accept(host);
            return drill.run(sandbox, host, workflow, Drill.input(sandbox.scenario(), "drill test"));
        }
    }

    /** One run of the split-brain guard, as its schedule would fire it. */
    JsonNode runGuard() throws Exception {
        try (HandlerHost host = new HandlerHost(sandbox)) {
            return host.invokeDirectly(
                    Sandbox.GUARD_FUNCTION, Json.MAPPER.createObjectNode().put("source", "aws.events"));
        }
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
