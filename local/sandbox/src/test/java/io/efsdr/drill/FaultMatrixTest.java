package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS and Kubernetes operation the failover calls, under throttling, 5xx answers and
 * timeouts: twice (the workflow succeeds, retrying) and for good (it fails at the step that makes
 * the call, says so, changes nothing after it, and a new execution completes once the fault is
 * cleared). The clients make one attempt per call here (2 s per AWS call, 1 s per Kubernetes
 * request), so every fault reaches the state machine's retries.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {
    /**
     * One attempt per client call, so that every injected fault surfaces as a failed Task the state
     * machine retries (visible in the execution events), and short bounds so the matrix runs in
     * minutes.
     */
    private static final Map<String, String> FAST_BOUNDS = Map.of(
            "AWS_CALL_TIMEOUT_SECONDS",
            "2",
            "AWS_MAX_ATTEMPTS",
            "1",
            "KUBERNETES_REQUEST_TIMEOUT_SECONDS",
            "1",
            "KUBERNETES_MAX_ATTEMPTS",
            "1");

    private static final List<String> FAILOVER_ORDER = List.of(
            "Validate Plan",
            "Notify Failover Started",
            "Assess Replication",
            "Hand Over From GitOps",
            "Fence Primary Region",
            "Promote DR File System",
            "Check Promotion",
            "Ensure DR StorageClass",
            "Preflight DR Volumes",
            "Scale DR Workloads",
            "Check Readiness",
            "Record Active Region",
            "Notify Failover Complete");
    private static final Map<String, String> MATRIX = new ConcurrentSkipListMap<>();
    private static DrillReport.RegionView healthyDr;

    /**
     * An operation, where it is called, and the state a permanent fault there must fail (null: the run still succeeds).
     */
    record Operation(String service, String operation, String region, String failsAt, String why) {
        @Override
        public String toString() {
            return label();
        }

        String label() {
            return service + " " + operation + " (" + region + ")";
        }
    }

    static List<Operation> operations() {
        return List.of(
                new Operation("ssm", "GetParameter", "us-west-2", "Validate Plan", ""),
                new Operation("states", "ListExecutions", "us-west-2", "Validate Plan", ""),
                new Operation(
                        "elasticfilesystem",
                        "DescribeReplicationConfigurations",
                        "us-west-2",
                        "Assess Replication",
                        ""),
                new Operation("elasticfilesystem", "DescribeFileSystems", "us-west-2", "Assess Replication", ""),
                new Operation(
                        "elasticfilesystem",
                        "DeleteReplicationConfiguration",
                        "us-west-2",
                        "Promote DR File System",
                        ""),
                // The GitOps hand-over reads the DR cluster's workloads first (issue 22), before the fence.
                new Operation("eks", "DescribeCluster", "us-west-2", "Hand Over From GitOps", ""),
                new Operation("kubernetes", "get:storageclasses", "us-west-2", "Ensure DR StorageClass", ""),
                new Operation("kubernetes", "get:deployments", "us-west-2", "Hand Over From GitOps", ""),
                new Operation("kubernetes", "get:persistentvolumeclaims", "us-west-2", "Preflight DR Volumes", ""),
                new Operation("kubernetes", "list:deployments", "us-west-2", "Scale DR Workloads", ""),
                new Operation("kubernetes", "patch:scale", "us-west-2", "Scale DR Workloads", ""),
                new Operation("ssm", "PutParameter", "us-west-2", "Record Active Region", ""),
                new Operation("eks", "DescribeCluster", "us-east-1", "Fence Primary Region", ""),
                new Operation("kubernetes", "patch:scale", "us-east-1", "Fence Primary Region", ""),
                new Operation("sns", "Publish", "us-west-2", null, "a notification never holds up a failover"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : operations()) {
            for (String fault : List.of("throttling", "5xx", "timeout")) {
                cases.add(Arguments.of(operation, fault));
            }
        }
        return cases.stream();
    }

    @BeforeAll
    static void healthyReference() throws IOException {
        try (Sandbox sandbox = Sandbox.start(Scenario.defaults());
                HandlerHost host = new HandlerHost(sandbox, FAST_BOUNDS)) {
            DrillReport report = drill().run(sandbox, host, "failover", Drill.input(sandbox.scenario(), "reference"));
            assertEquals("SUCCEEDED", report.status());
            healthyDr = report.fin().regions().get("us-west-2");
        }
    }

    private static Drill drill() {
        DrillHarness.requireNodeTools();
        return new Drill(
                ExecutionRunner.projectRoot(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static Sandbox sandbox(Operation operation, String fault, Integer times) throws IOException {
        var faults = Json.MAPPER.createArrayNode();
        var rule = faults.addObject()
                .put("service", operation.service())
                .put("operation", operation.operation())
                .put("error", fault)
                .put("region", operation.region());
        if (times != null) {
            rule.put("times", times);
        }
        var scenario = Json.MAPPER.createObjectNode().put("timeoutHoldSeconds", 3);
        scenario.set("faults", faults);
        return Sandbox.start(Scenario.parse(scenario, null));
    }

    @ParameterizedTest(name = "{0} {1} twice")
    @MethodSource("cases")
    void transientFault_twice_theWorkflowSucceeds(Operation operation, String fault) throws IOException {
        try (Sandbox sandbox = sandbox(operation, fault, 2);
                HandlerHost host = new HandlerHost(sandbox, FAST_BOUNDS)) {
            DrillReport report =
                    drill().run(sandbox, host, "failover", Drill.input(sandbox.scenario(), "fault matrix"));

            int injected = sandbox.faults().injectedCount(operation.service(), operation.operation());
            int stateRetries =
                    report.steps().stream().mapToInt(DrillReport.Step::retries).sum();
            MATRIX.put(
                    operation.label() + " | " + fault + " | x2",
                    report.status() + " (" + injected + " faults injected, " + stateRetries + " state retries)");
            assertEquals("SUCCEEDED", report.status(), report.error());
            assertEquals(2, injected, "both faults reached the workflow");
            assertTrue(stateRetries >= 1, "the retries show in the execution events: " + report.steps());
            assertTrue(report.invariantViolations().isEmpty());
            assertEquals(
                    healthyDr.withoutTimes().workloads(),
                    report.fin().regions().get("us-west-2").withoutTimes().workloads());
        }
    }

    @ParameterizedTest(name = "{0} {1} for good")
    @MethodSource("cases")
    void persistentFault_failsAtItsStepWithinBoundsAndANewRunCompletesOnceCleared(Operation operation, String fault)
            throws IOException {
        try (Sandbox sandbox = sandbox(operation, fault, null);
                HandlerHost host = new HandlerHost(sandbox, FAST_BOUNDS)) {
            long started = System.nanoTime();
            DrillReport report =
                    drill().run(sandbox, host, "failover", Drill.input(sandbox.scenario(), "fault matrix"));
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            MATRIX.put(
                    operation.label() + " | " + fault + " | for good",
                    report.status()
                            + (report.failedState() == null
                                    ? " (" + operation.why() + ")"
                                    : " at " + report.failedState())
                            + ", " + seconds + " s");
            System.err.println("fault matrix: " + operation.label() + " " + fault + " for good: " + report.status()
                    + " in " + seconds + " s");
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            if (operation.failsAt() == null) {
                assertEquals("SUCCEEDED", report.status(), report.error());
            } else {
                assertEquals("FAILED", report.status());
                assertEquals(operation.failsAt(), report.failedState(), report.error());
                if (!operation.service().equals("sns")) {
                    DrillReport.NotificationView last =
                            report.notifications().get(report.notifications().size() - 1);
                    assertTrue(last.subject().contains("FAILED at " + operation.failsAt()), last.subject());
                }
                int failedIndex = FAILOVER_ORDER.indexOf(operation.failsAt());
                for (DrillReport.Step step : report.steps()) {
                    int index = FAILOVER_ORDER.indexOf(step.name());
                    assertTrue(
                            index <= failedIndex, step.name() + " ran after the failed state " + operation.failsAt());
                }
                if (failedIndex < FAILOVER_ORDER.indexOf("Scale DR Workloads")) {
                    report.fin()
                            .regions()
                            .get("us-west-2")
                            .workloads()
                            .forEach(w -> assertEquals(0, w.replicas(), "DR not scaled: " + w.name()));
                }
            }

            sandbox.faults().clear();
            long rerunStarted = System.nanoTime();
            DrillReport rerun = drill().run(
                            sandbox, host, "failover", Drill.input(sandbox.scenario(), "fault matrix: after the fix"));
            System.err.println("fault matrix: rerun after " + operation.label() + " " + fault + ": " + rerun.status()
                    + " in " + (System.nanoTime() - rerunStarted) / 1_000_000_000L + " s");

            assertEquals("SUCCEEDED", rerun.status(), rerun.error());
            assertEquals(
                    healthyDr.fileSystem(),
                    rerun.fin().regions().get("us-west-2").fileSystem());
            assertEquals(
                    healthyDr.storageClass(),
                    rerun.fin().regions().get("us-west-2").storageClass());
            assertEquals(
                    healthyDr.withoutTimes().workloads(),
                    rerun.fin().regions().get("us-west-2").withoutTimes().workloads());
            assertTrue(rerun.invariantViolations().isEmpty());
        }
    }

    @AfterAll
    static void printMatrix() throws IOException {
        StringBuilder table = new StringBuilder("| operation | fault | occurrences | outcome |\n|---|---|---|---|\n");
        MATRIX.forEach((key, outcome) -> {
            String[] parts = key.split(" \\| ");
            table.append("| ")
                    .append(parts[0])
                    .append(" | ")
                    .append(parts[1])
                    .append(" | ")
                    .append(parts[2])
                    .append(" | ")
                    .append(outcome)
                    .append(" |\n");
        });
        System.out.println("Fault matrix (" + MATRIX.size() + " cases):\n" + table);
        Path report = Path.of("target", "fault-matrix.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "# Fault matrix\n\n" + table);
    }
}
