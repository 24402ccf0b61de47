package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.Poll;
import io.efsdr.plan.Timeouts;
import io.efsdr.plan.WorkflowLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's own limits, checked over template.yaml and the state machines together (DESIGN.md,
 * Step Functions facts): crashes retried, every Task outliving its function, a redrive resuming the
 * step that failed, execution timeouts the plan cannot outrun, and the worst-case run within the
 * 25,000 history events of a Standard workflow.
 */
class PlatformLimitsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final List<String> CRASH_ERRORS =
            List.of("Lambda.Unknown", "Lambda.ClientExecutionTimeoutException");
    /** How much longer than its function a Task state must be allowed to run. */
    private static final long TASK_TIMEOUT_MARGIN_SECONDS = 10;

    private static final int MAX_HISTORY_EVENTS = 25_000;
    /** Which plan bound ends each polling loop, by the Task the loop polls. */
    private static final Map<String, Map<String, ToLongFunction<Timeouts>>> POLL_BOUNDS = Map.of(
            "failover",
                    Map.of(
                            "Check Primary Stopped", Timeouts::readinessSeconds,
                            "Check Final Sync", Timeouts::finalSyncSeconds,
                            "Fence Primary File System", Timeouts::fencePropagationSeconds,
                            "Resume Primary Workloads", Timeouts::fencePropagationSeconds,
                            "Check Promotion", Timeouts::promotionSeconds,
                            "Check Readiness", Timeouts::readinessSeconds,
                            "Switch Traffic", t -> WorkflowLimits.TRAFFIC_SWITCH_SECONDS),
            "failback",
                    Map.ofEntries(
                            Map.entry("Clean Up Stale Replication", Timeouts::promotionSeconds),
                            Map.entry("Check Primary Stopped", Timeouts::readinessSeconds),
                            Map.entry("Replicate DR To Primary", Timeouts::promotionSeconds),
                            Map.entry("Unfence Primary File System", Timeouts::fencePropagationSeconds),
                            Map.entry("Check Initial Sync", Timeouts::syncSeconds),
                            Map.entry("Check DR Stopped", Timeouts::readinessSeconds),
                            Map.entry("Fence DR File System", Timeouts::fencePropagationSeconds),
                            Map.entry("Unfence DR File System", Timeouts::fencePropagationSeconds),
                            Map.entry("Unfence DR For Standby", Timeouts::fencePropagationSeconds),
                            Map.entry("Check Final Sync", Timeouts::syncSeconds),
                            Map.entry("Check Primary Promotion", Timeouts::promotionSeconds),
                            Map.entry("Check Primary Readiness", Timeouts::readinessSeconds),
                            Map.entry("Replicate Primary To DR", Timeouts::promotionSeconds),
                            Map.entry("Check DR Replication", Timeouts::syncSeconds),
                            Map.entry("Check DR Standby", Timeouts::readinessSeconds),
                            Map.entry("Switch Traffic Back", t -> WorkflowLimits.TRAFFIC_SWITCH_SECONDS),
                            Map.entry("Give Back To GitOps", t -> WorkflowLimits.GITOPS_SYNC_SECONDS)));

    private static Map<String, Object> template;

    @BeforeAll
    static void readTemplate() throws IOException {
        template = CloudFormationYaml.readTemplate(ROOT.resolve("template.yaml"));
    }

    @Test
    void everyTask_retriesCrashesAndTimeOutsOfItsFunctionBoundedWithBackoffAndJitter() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String workflow : POLL_BOUNDS.keySet()) {
            tasks(workflow).forEach((name, task) -> {
                JsonNode retrier = null;
                for (JsonNode r : task.path("Retry")) {
                    if (names(r).containsAll(CRASH_ERRORS)) {
                        retrier = r;
                    }
                }
                if (retrier == null) {
                    problems.add(workflow + "/" + name + " does not retry " + CRASH_ERRORS);
                } else if (retrier.path("MaxAttempts").asInt(3) > 5
                        || retrier.path("BackoffRate").asDouble(2) <= 1
                        || !"FULL".equals(retrier.path("JitterStrategy").asText())) {
                    problems.add(
                            workflow + "/" + name + ": crash retries must be few (<= 5), back off and use full jitter");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyLambdaTask_outlivesItsFunction() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String workflow : POLL_BOUNDS.keySet()) {
            Map<String, String> functionOf = substitutedFunctions(workflow);
            for (Map.Entry<String, JsonNode> entry : tasks(workflow).entrySet()) {
                JsonNode task = entry.getValue();
                String placeholder = task.path("Resource").asText();
                if (!placeholder.startsWith("${")) {
                    continue; // a waitForTaskToken integration: bounded by the approval timeout, its function by its
                    // own Timeout
                }
                String function = functionOf.get(placeholder.substring(2, placeholder.length() - 1));
                long functionTimeout = functionTimeout(function);
                long stateTimeout = task.path("TimeoutSeconds").asLong(0);
                checked++;
                if (stateTimeout < functionTimeout + TASK_TIMEOUT_MARGIN_SECONDS) {
                    problems.add(workflow + "/" + entry.getKey() + ": TimeoutSeconds " + stateTimeout + " < " + function
                            + " Timeout " + functionTimeout + " + " + TASK_TIMEOUT_MARGIN_SECONDS);
                }
            }
        }
        assertTrue(checked > 20, "expected the Lambda Tasks of both workflows, checked " + checked);
        assertEquals(List.of(), problems);
    }

    @Test
    void stepTasks_endTheExecutionWhenTheyFail_soARedriveResumesThem() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String workflow : POLL_BOUNDS.keySet()) {
            tasks(workflow).forEach((name, task) -> {
                List<List<String>> catches = new ArrayList<>();
                task.path("Catch").forEach(c -> catches.add(names(c)));
                boolean catchesAll = catches.stream().anyMatch(c -> c.contains("States.ALL"));
                if (name.startsWith("Notify")) {
                    if (catches.isEmpty() || !catches.get(catches.size() - 1).equals(List.of("States.ALL"))) {
                        problems.add(workflow + "/" + name
                                + ": a notification must never hold up the run (catch States.ALL last)");
                    }
                } else if (catchesAll && !name.startsWith("Resume")) {
                    problems.add(
                            workflow + "/" + name + " catches States.ALL: a redrive would resume past it, not at it");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pollWaits_takeTheirIntervalFromThePollTheyFollow() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String workflow : POLL_BOUNDS.keySet()) {
            JsonNode states = definition(workflow).get("States");
            states.fields().forEachRemaining(e -> {
                JsonNode state = e.getValue();
                if (state.path("Type").asText().equals("Wait")) {
                    String resultPath = states.path(state.path("Next").asText())
                            .path("ResultPath")
                            .asText();
                    if (!state.path("SecondsPath").asText().equals(resultPath + ".nextPollSeconds")) {
                        problems.add(workflow + "/" + e.getKey() + " waits a fixed time instead of " + resultPath
                                + ".nextPollSeconds");
                    }
                    if (!POLL_BOUNDS
                            .get(workflow)
                            .containsKey(state.path("Next").asText())) {
                        problems.add(workflow + "/" + e.getKey() + " loops on "
                                + state.path("Next").asText() + ", which has no known bound (add it to POLL_BOUNDS)");
                    }
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void machineTimeouts_areTheOnesPlanValidationChecks() throws IOException {
        long maxApprovalSeconds = maxApprovalMinutes() * 60;
        assertAll(
                () -> assertEquals(
                        WorkflowLimits.FAILOVER_TIMEOUT_SECONDS,
                        definition("failover").path("TimeoutSeconds").asLong()),
                () -> assertEquals(
                        WorkflowLimits.FAILBACK_TIMEOUT_SECONDS,
                        definition("failback").path("TimeoutSeconds").asLong()),
                () -> assertTrue(
                        WorkflowLimits.longestRunSeconds("failover", Timeouts.MAXIMA, maxApprovalSeconds)
                                <= WorkflowLimits.FAILOVER_TIMEOUT_SECONDS,
                        "every failover the plan and template allow fits its machine"),
                () -> assertDoesNotThrow(() -> WorkflowLimits.check("failback", Timeouts.DEFAULTS, maxApprovalSeconds)),
                () -> {
                    var refused = assertThrows(
                            InvalidInputException.class,
                            () -> WorkflowLimits.check("failback", Timeouts.MAXIMA, maxApprovalSeconds));
                    assertTrue(refused.getMessage().startsWith("plan.timeouts:"), refused.getMessage());
                });
    }

    @Test
    void worstCaseRun_staysUnderTheHistoryLimit() throws IOException {
        long maxApprovalSeconds = maxApprovalMinutes() * 60;
        for (String workflow : POLL_BOUNDS.keySet()) {
            Timeouts bounds = worstAllowed(workflow, maxApprovalSeconds);
            JsonNode states = definition(workflow).get("States");
            long events = 0;
            Map<String, JsonNode> all = new LinkedHashMap<>();
            states.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> state : all.entrySet()) {
                events += eventsOf(state.getValue());
            }
            for (Map.Entry<String, ToLongFunction<Timeouts>> loop :
                    POLL_BOUNDS.get(workflow).entrySet()) {
                long polls = polls(loop.getValue().applyAsLong(bounds));
                // each further poll: the Task (entered, scheduled, started, succeeded, exited), the Choice
                // after it and the Wait before it; the Task's retries are counted once above
                events += (polls - 1) * (5 + 2 + 2);
            }
            assertTrue(
                    events < MAX_HISTORY_EVENTS,
                    workflow + ": the worst-case run records " + events + " history events");
        }
    }

    /** The largest bounds a plan may set that validation still accepts, for the workflow. */
    private static Timeouts worstAllowed(String workflow, long approvalSeconds) {
        Timeouts max = Timeouts.MAXIMA;
        if (WorkflowLimits.longestRunSeconds(workflow, max, approvalSeconds)
                <= WorkflowLimits.machineTimeoutSeconds(workflow)) {
            return max;
        }
        // the syncs are the long waits: raise them together as far as the machine allows, the rest at their maxima
        long sync = Timeouts.MINIMA.syncSeconds();
        while (true) {
            Timeouts next = new Timeouts(
                    max.promotionSeconds(),
                    max.readinessSeconds(),
                    max.fencingSeconds(),
                    sync + 600,
                    max.finalSyncSeconds(),
                    max.localDeletionSeconds(),
                    max.alarmFinalSyncSeconds(),
                    max.fencePropagationSeconds());
            if (sync + 600 > max.syncSeconds()
                    || WorkflowLimits.longestRunSeconds(workflow, next, approvalSeconds)
                            > WorkflowLimits.machineTimeoutSeconds(workflow)) {
                break;
            }
            sync += 600;
        }
        return new Timeouts(
                max.promotionSeconds(),
                max.readinessSeconds(),
                max.fencingSeconds(),
                sync,
                max.finalSyncSeconds(),
                max.localDeletionSeconds(),
                max.alarmFinalSyncSeconds(),
                max.fencePropagationSeconds());
    }

    /** Polls of a wait that lasts its whole bound, each taking a second, spaced as the polls ask. */
    private static long polls(long boundSeconds) {
        Instant first = Instant.EPOCH;
        Instant deadline = first.plusSeconds(boundSeconds);
        Instant now = first.plusSeconds(1);
        long polls = 1;
        while (!now.isAfter(deadline)) {
            now = now.plusSeconds(Poll.waitSeconds(first, now, deadline) + 1);
            polls++;
        }
        return polls;
    }

    /** History events of one pass through a state, with every retry it allows failing first. */
    private static long eventsOf(JsonNode state) {
        return switch (state.path("Type").asText()) {
            case "Task" -> {
                long attempts = 0;
                for (JsonNode retrier : state.path("Retry")) {
                    attempts += retrier.path("MaxAttempts").asLong(3);
                }
                yield 5 + Math.min(attempts, 6) * 3;
            }
            case "Succeed", "Fail" -> 1;
            default -> 2;
        };
    }

    private static long maxApprovalMinutes() {
        Map<?, ?> parameter = (Map<?, ?>) ((Map<?, ?>) template.get("Parameters")).get("ApprovalTimeoutMinutes");
        return ((Number) parameter.get("MaxValue")).longValue();
    }

    private static JsonNode definition(String workflow) throws IOException {
        return Json.MAPPER.readTree(Files.readString(ROOT.resolve("statemachine/" + workflow + ".asl.json")));
    }

    private static Map<String, JsonNode> tasks(String workflow) throws IOException {
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        definition(workflow).get("States").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("Task")) {
                tasks.put(e.getKey(), e.getValue());
            }
        });
        assertFalse(tasks.isEmpty(), workflow + " has no Task");
        return tasks;
    }

    /** Placeholder name -> function logical id, from the state machine's DefinitionSubstitutions. */
    private static Map<String, String> substitutedFunctions(String workflow) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<?, ?> resources = (Map<?, ?>) template.get("Resources");
        for (Object value : resources.values()) {
            Map<?, ?> resource = (Map<?, ?>) value;
            Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
            if ("AWS::Serverless::StateMachine".equals(resource.get("Type"))
                    && String.valueOf(properties.get("DefinitionUri"))
                            .equals("statemachine/" + workflow + ".asl.json")) {
                ((Map<?, ?>) properties.get("DefinitionSubstitutions")).forEach((key, ref) -> {
                    Object target = ref instanceof Map<?, ?> m ? m.get("Ref") : null;
                    if (target instanceof String alias && alias.endsWith("Aliaslive")) {
                        out.put((String) key, alias.substring(0, alias.length() - "Aliaslive".length()));
                    }
                });
            }
        }
        assertFalse(out.isEmpty(), "no function substitutions for " + workflow);
        return out;
    }

    private static long functionTimeout(String function) {
        Map<?, ?> resources = (Map<?, ?>) template.get("Resources");
        Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) resources.get(function)).get("Properties");
        Object own = properties.get("Timeout");
        if (own instanceof Number n) {
            return n.longValue();
        }
        Map<?, ?> globals = (Map<?, ?>) ((Map<?, ?>) template.get("Globals")).get("Function");
        return ((Number) globals.get("Timeout")).longValue();
    }

    private static List<String> names(JsonNode rule) {
        List<String> names = new ArrayList<>();
        rule.path("ErrorEquals").forEach(e -> names.add(e.asText()));
        return names;
    }
}
