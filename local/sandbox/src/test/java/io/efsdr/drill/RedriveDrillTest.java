package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.AwsCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed execution redriven as RedriveExecution does: the failure notice comes from the
 * execution status-change rule (read from the execution's history), and the redrive resumes at the
 * failed state with its original input, not at a Fail state and not from the start.
 */
class RedriveDrillTest {
    private static final String SCALE_NEVER_WORKS = """
      {"faults": [{"service": "kubernetes", "operation": "patch:scale", "error": "5xx", "region": "us-west-2"}]}
      """;

    @Test
    void failover_whenAStepFailsAndIsRedriven_resumesAtThatStepAndCompletes() {
        try (DrillHarness h = new DrillHarness(SCALE_NEVER_WORKS)) {
            DrillReport report =
                    h.drill.redriving().run(h.sandbox, "failover", Drill.input(h.sandbox.scenario(), "redrive drill"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            List<String> subjects = report.notifications().stream()
                    .map(DrillReport.NotificationView::subject)
                    .toList();
            long deletes = h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                    .filter(AwsCall::succeeded)
                    .count();
            assertAll(
                    () -> assertEquals(1, report.redrives()),
                    () -> assertEquals(
                            1, step(report, "Validate Plan").entries(), "the steps before the failed one ran once"),
                    () -> assertEquals(1, step(report, "Promote DR File System").entries()),
                    () -> assertEquals(1, deletes, "promoted once"),
                    () -> assertTrue(
                            subjects.get(1).startsWith("DR FAILOVER FAILED at Scale DR Workloads"),
                            subjects.toString()),
                    () -> assertTrue(subjects.get(2).contains("complete"), subjects.toString()),
                    () -> assertTrue(report.fin().regions().get("us-west-2").workloads().stream()
                            .allMatch(w -> w.readyReplicas() > 0)),
                    () -> assertEquals(0.0, report.groundTruth().lostWriteSeconds()));
        }
    }

    @Test
    void failover_whenAStepFails_theStatusChangeNoticeSaysWhatHadBeenDone() {
        try (DrillHarness h = new DrillHarness(SCALE_NEVER_WORKS)) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status());
            assertEquals("Scale DR Workloads", report.failedState());
            String last = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertAll(
                    () -> assertTrue(last.contains("IS ALREADY PROMOTED"), last),
                    () -> assertTrue(last.contains("redrive the failed execution"), last),
                    () -> assertTrue(
                            h
                                    .sandbox
                                    .aws()
                                    .stepFunctions()
                                    .history(h.sandbox
                                            .aws()
                                            .stepFunctions()
                                            .executions()
                                            .get(0)
                                            .executionArn())
                                    .stream()
                                    .anyMatch(e -> e.type().equals("ExecutionFailed")),
                            "the history records the failure"));
        }
    }

    @Test
    void failback_whenAStepFailsAndIsRedriven_resumesAtThatStepAndCompletes() {
        String scenario = """
        {"activeSide": "dr", "faults": [{"service": "elasticfilesystem", "operation": "CreateReplicationConfiguration",
          "error": "5xx"}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report =
                    h.drill.redriving().run(h.sandbox, "failback", Drill.input(h.sandbox.scenario(), "redrive drill"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertAll(
                    () -> assertEquals(1, report.redrives()),
                    () -> assertEquals(
                            1, step(report, "Check Failback Preconditions").entries()),
                    () -> assertTrue(
                            report.invariantViolations().isEmpty(),
                            report.invariantViolations().toString()));
        }
    }

    private static DrillReport.Step step(DrillReport report, String name) {
        return report.steps().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + report.steps()));
    }
}
