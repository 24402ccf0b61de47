package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.AwsCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The promote step's CloudWatch evidence, judged by the sandbox's own records: a writer outside the
 * plan keeps writing to the primary file system after the plan's writers stopped and until the
 * write fence propagates. No pod of the plan is left, so the pods alone "prove" the window; EFS's
 * {@code DataWriteIOBytes} shows the writes once CloudWatch has published those periods
 * ({@code metricDelaySeconds}), and then the window must not be reported proven.
 */
class MetricEvidenceDrillTest {
    private static final String WRITER_OUTSIDE_THE_PLAN =
            "\"unplannedWriters\": [{\"name\": \"reports/CronJob/export\", \"everySeconds\": 20, \"runSeconds\": 15}]";

    private static String lastMessage(DrillReport report) {
        return report.notifications().getLast().message();
    }

    @Test
    void gracefulFailover_writesSeenInCloudWatchAfterTheStop_theWindowIsNotReportedProven() {
        try (DrillHarness h = new DrillHarness("{\"metricDelaySeconds\": 60, " + WRITER_OUTSIDE_THE_PLAN
                + ", \"plan\": {\"onUnprovenSync\": \"promote\"}}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertTrue(report.groundTruth().lostWriteSeconds() > 0, "the world lost writes: " + report.groundTruth());
            assertFalse(Boolean.TRUE.equals(report.dataLossProven()), h.printed());
            assertTrue(report.dataLossWindowSeconds() != null, h.printed());
            assertTrue(
                    report.dataLossWindowSeconds() >= report.groundTruth().lostWriteSeconds() - 1,
                    "reported " + report.dataLossWindowSeconds() + " s, lost " + report.groundTruth());
            assertFalse(report.underReportsLoss(), h.printed());
            String message = lastMessage(report);
            assertTrue(message.contains("CloudWatch (WRITES_SEEN)"), message);
            assertFalse(message.contains("0 s, proven"), message);
            List<AwsCall> reads = h.sandbox.aws().calls().of("monitoring", "GetMetricData");
            assertFalse(reads.isEmpty(), "CloudWatch was read");
            assertTrue(reads.stream().allMatch(c -> c.region().equals("us-east-1")), reads.toString());
            assertTrue(
                    report.steps().stream()
                            .anyMatch(s -> s.name().equals("Promote DR File System")
                                    && "WRITES_SEEN".equals(s.metricEvidence())),
                    report.steps().toString());
        }
    }

    @Test
    void gracefulFailover_metricsNotPublishedYet_reportSaysTheyGaveNoEvidence() {
        try (DrillHarness h = new DrillHarness("{\"metricDelaySeconds\": 3600, " + WRITER_OUTSIDE_THE_PLAN
                + ", \"plan\": {\"onUnprovenSync\": \"promote\"}}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            String message = lastMessage(report);
            assertTrue(message.contains("CloudWatch (NO_DATA)"), message);
            assertTrue(message.contains("the proof rests on the primary's pods alone"), message);
            assertTrue(
                    report.steps().stream()
                            .anyMatch(s ->
                                    s.name().equals("Promote DR File System") && "NO_DATA".equals(s.metricEvidence())),
                    report.steps().toString());
        }
    }

    @Test
    void gracefulFailover_cloudWatchThrottles_noEvidenceAndTheRunGoesOn() {
        try (DrillHarness h = new DrillHarness("{\"metricDelaySeconds\": 60, \"faults\": [{\"service\": "
                + "\"monitoring\", \"operation\": \"GetMetricData\", \"error\": \"throttling\"}]}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            String message = lastMessage(report);
            assertTrue(message.contains("CloudWatch (UNAVAILABLE)"), message);
            assertTrue(Boolean.TRUE.equals(report.dataLossProven()), "no evidence changes nothing: " + message);
        }
    }
}
