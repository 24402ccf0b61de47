package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import io.efsdr.handler.Wiring;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input in {@code src/test/resources/bad-input/} (listed with its receiver and expected
 * error in {@code cases.json}) is delivered the way production would deliver it: it fails with an
 * {@link InvalidInputException} whose message names the problem, and no mutating call reaches
 * either region of the sandbox. Most cases go to the receiving handler's Lambda entry point in one
 * shared sandbox (reset between cases); those marked {@code workflow} run the real failover state
 * machine in a fresh one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    private static final String ROOT = "/bad-input/";
    private static final String DR = "us-west-2";
    private static final int STEP_FUNCTIONS_PAYLOAD_LIMIT = 256 * 1024;
    /** The most an SSM parameter holds (the Advanced tier): a larger plan cannot even be stored. */
    private static final int SSM_ADVANCED_LIMIT = 8192;

    private Sandbox sandbox;

    record Case(String file, String receiver, String expectedFragment, boolean workflow, int inflateTo) {
        String category() {
            return file.substring(0, file.indexOf('/'));
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> cases() {
        JsonNode manifest = readTree(resource("cases.json"));
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            cases.add(new Case(
                    c.get("file").asText(),
                    c.get("receiver").asText(),
                    c.get("expectedFragment").asText(),
                    c.path("workflow").asBoolean(false),
                    c.path("inflateTo").asInt(0)));
        }
        return cases;
    }

    @BeforeAll
    void startSandbox() {
        sandbox = Sandbox.start(Scenario.defaults());
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void corpus_whenCounted_coversEveryCategoryWithAtLeastFortyCases() {
        Map<String, Long> perCategory = new LinkedHashMap<>();
        cases().forEach(c -> perCategory.merge(c.category(), 1L, Long::sum));

        assertTrue(cases().size() >= 40, "cases: " + cases().size());
        assertEquals(
                List.of("plan", "execution-input", "alarm", "task", "decision"), List.copyOf(perCategory.keySet()));
        assertTrue(cases().stream().anyMatch(c -> c.category().equals("plan") && c.inflateTo() > SSM_ADVANCED_LIMIT));
        assertTrue(cases().stream()
                .anyMatch(c -> c.category().equals("execution-input") && c.inflateTo() > STEP_FUNCTIONS_PAYLOAD_LIMIT));
        for (Case c : cases()) {
            assertNotNull(BadInputCorpusTest.class.getResource(ROOT + c.file()), "missing corpus file " + c.file());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deliver_whenTheInputIsBad_failsNamingTheProblemAndChangesNothing(Case c, TestReporter reporter)
            throws Exception {
        String content = content(c);
        String error = c.workflow() ? throughWorkflow(c, content) : throughHandler(c, content);

        assertTrue(error.contains(c.expectedFragment()), "expected '" + c.expectedFragment() + "' in: " + error);
        String summary = c.receiver() + (c.workflow() ? " (failover workflow)" : "") + " -> " + abbreviate(error)
                + " | no mutating call";
        reporter.publishEntry(c.file(), summary);
        System.out.println("bad-input " + c.file() + ": " + summary);
    }

    private String throughHandler(Case c, String content) throws IOException {
        String refused = refusedBySsm(sandbox, c, content);
        if (refused != null) {
            return refused;
        }
        sandbox.aws()
                .ssm()
                .put(
                        DR,
                        Sandbox.PLAN_PARAMETER,
                        c.receiver().equals("plan")
                                ? content
                                : sandbox.scenario().plan().toString());
        sandbox.aws().calls().clear();
        int primaryCalls = sandbox.primaryCluster().calls().size();
        int drCalls = sandbox.drCluster().calls().size();
        String payload = switch (c.receiver()) {
            case "plan" -> validatePayload(c, "{\"reason\": \"bad-input corpus\", \"dryRun\": false}");
            case "execution-input" -> validatePayload(c, content);
            default -> content;
        };
        Throwable thrown;
        try (HandlerHost host = new HandlerHost(sandbox)) {
            RequestStreamHandler handler = handler(
                    host,
                    c.receiver().equals("plan") || c.receiver().equals("execution-input")
                            ? "ValidatePlan"
                            : c.receiver());
            thrown = assertThrows(
                    Throwable.class,
                    () -> handler.handleRequest(
                            stream(payload), new ByteArrayOutputStream(), new SandboxContext(c.receiver())),
                    c.file() + " was accepted");
        }

        assertInstanceOf(InvalidInputException.class, thrown, c.file() + ": " + thrown);
        assertNothingChanged(
                c,
                sandbox.aws().calls().successfulMutations(),
                sandbox.primaryCluster()
                        .calls()
                        .subList(primaryCalls, sandbox.primaryCluster().calls().size()),
                sandbox.drCluster()
                        .calls()
                        .subList(drCalls, sandbox.drCluster().calls().size()));
        return thrown.getMessage();
    }

    private String throughWorkflow(Case c, String content) {
        DrillHarness.requireNodeTools();
        try (DrillHarness h = new DrillHarness("{}")) {
            JsonNode input = Drill.input(h.sandbox.scenario(), "bad-input corpus");
            String refused = refusedBySsm(h.sandbox, c, content);
            if (refused != null) {
                return refused;
            }
            if (c.receiver().equals("plan")) {
                h.sandbox.aws().ssm().put(DR, Sandbox.PLAN_PARAMETER, content);
            } else {
                input = readTree(content);
            }
            h.sandbox.aws().calls().clear();

            DrillReport report = h.run("failover", input);

            assertEquals("FAILED", report.status(), c.file());
            assertEquals("Validate Plan", report.failedState(), c.file());
            assertTrue(report.error().startsWith(InvalidInputException.class.getName()), report.error());
            assertNothingChanged(
                    c,
                    h.sandbox.aws().calls().successfulMutations(),
                    h.sandbox.primaryCluster().calls(),
                    h.sandbox.drCluster().calls());
            DrillReport.NotificationView notice = report.notifications().get(0);
            assertTrue(notice.subject().contains("nothing was changed"), notice.subject());
            assertTrue(notice.message().contains(c.expectedFragment()), notice.message());
            return report.error();
        }
    }

    /**
     * A plan SSM would not store (over the Advanced tier's 8 KB) never reaches a workflow: the
     * stand-in refuses the PutParameter, as SSM does, and the parameter keeps its value.
     */
    private String refusedBySsm(Sandbox world, Case c, String content) {
        if (!c.receiver().equals("plan") || content.getBytes(StandardCharsets.UTF_8).length <= 8192) {
            return null;
        }
        String before = world.aws()
                .ssm()
                .get(DR, Sandbox.PLAN_PARAMETER)
                .map(p -> p.value())
                .orElse(null);
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> world.aws().ssm().put(DR, Sandbox.PLAN_PARAMETER, content),
                c.file() + " was stored");
        assertEquals(
                before,
                world.aws()
                        .ssm()
                        .get(DR, Sandbox.PLAN_PARAMETER)
                        .map(p -> p.value())
                        .orElse(null));
        return refused.getMessage();
    }

    private void assertNothingChanged(
            Case c, List<AwsCall> awsMutations, List<ApiCall> primaryCalls, List<ApiCall> drCalls) {
        assertTrue(awsMutations.isEmpty(), c.file() + ": mutating AWS calls " + awsMutations);
        assertTrue(
                primaryCalls.stream().noneMatch(ApiCall::mutating),
                c.file() + ": primary cluster changed " + primaryCalls);
        assertTrue(drCalls.stream().noneMatch(ApiCall::mutating), c.file() + ": DR cluster changed " + drCalls);
    }

    private static RequestStreamHandler handler(HandlerHost host, String function) {
        try {
            Class<?> type = Class.forName("io.efsdr.handler." + function + "Handler");
            return (RequestStreamHandler) type.getConstructor(Wiring.class).newInstance(host.wiring());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cases.json names receiver " + function + ", which has no handler class", e);
        }
    }

    private static String validatePayload(Case c, String executionInput) {
        String name = "bad-input-" + c.file().replaceAll("[^A-Za-z0-9-]", "-");
        return "{\"input\": " + executionInput + ", \"executionName\": \"" + name + "\", \"workflow\": \"failover\"}";
    }

    /** The case file, grown past {@code inflateTo} bytes for the oversize cases. */
    private static String content(Case c) {
        String text = resource(c.file());
        if (c.inflateTo() == 0) {
            return text;
        }
        ObjectNode tree = (ObjectNode) readTree(text);
        ArrayNode list = c.category().equals("plan")
                ? (ArrayNode) tree.get("workloads").get("items")
                : (ArrayNode) tree.get("workloads");
        for (int i = list.size(); tree.toString().length() <= c.inflateTo(); i++) {
            if (c.category().equals("plan")) {
                ObjectNode copy = list.get(list.size() - 1).deepCopy();
                list.add(copy.put("name", "app-" + i));
            } else {
                list.add("shop/extra-" + i);
            }
        }
        return tree.toString();
    }

    private static String resource(String file) {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file " + ROOT + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String payload) {
        return new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String message) {
        String line = message.replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
