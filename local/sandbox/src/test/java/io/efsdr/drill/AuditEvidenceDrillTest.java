package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every drill run leaves its audit record and report in the S3 stand-in, and a lost bucket fails nothing. */
class AuditEvidenceDrillTest {
    private static final String PREFIX = "s3://" + Sandbox.AUDIT_BUCKET + "/";

    @BeforeAll
    static void tools() {
        DrillHarness.requireNodeTools();
    }

    /** The record and report of the one execution of {@code workflow} in the evidence, the record parsed. */
    private static JsonNode record(DrillHarness h, DrillReport report, String workflow) throws Exception {
        List<String> evidence = report.fin().evidence();
        List<String> records = evidence.stream()
                .filter(k -> k.matches("s3://" + Sandbox.AUDIT_BUCKET + "/runs/" + workflow + "/[^/]+/record\\.json"))
                .toList();
        assertEquals(1, records.size(), evidence.toString());
        String key = records.getFirst().substring(PREFIX.length());
        assertTrue(evidence.contains(PREFIX + key.replace("record.json", "report.md")), evidence.toString());
        String report2 = h.sandbox
                .aws()
                .s3()
                .get(Sandbox.AUDIT_BUCKET, key.replace("record.json", "report.md"))
                .orElseThrow()
                .text();
        assertTrue(report2.startsWith("# DR " + workflow), report2);
        return Json.MAPPER.readTree(h.sandbox
                .aws()
                .s3()
                .get(Sandbox.AUDIT_BUCKET, key)
                .orElseThrow()
                .text());
    }

    @Test
    void failover_leavesItsRecordWithStepsWindowAndChanges() throws Exception {
        try (DrillHarness h = new DrillHarness("{}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            JsonNode record = record(h, report, "failover");
            assertAll(
                    () -> assertEquals("COMPLETE", record.get("event").asText()),
                    () -> assertTrue(record.get("steps").size() > 3, record.toString()),
                    () -> assertTrue(record.get("dataLoss").has("proof"), record.toString()),
                    () -> assertTrue(record.get("changes").get("us-west-2").size() > 0, record.toString()));
        }
    }

    @Test
    void failback_leavesItsRecord() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\"}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals("COMPLETE", record(h, report, "failback").get("event").asText());
        }
    }

    @Test
    void failedRun_leavesItsRecordThroughTheExecutionEndedNotice() throws Exception {
        String scenario = """
        {"activeSide": "dr", "faults": [{"service": "elasticfilesystem", "operation": "DeleteReplicationConfiguration",
          "error": "5xx", "region": "us-east-1"}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("FAILED", report.status(), h.printed());
            JsonNode record = record(h, report, "failback");
            assertAll(
                    () -> assertEquals("FAILED", record.get("event").asText()),
                    () -> assertEquals(
                            "Promote Primary File System",
                            record.get("failedState").asText()));
        }
    }

    @Test
    void failover_whenTheAuditBucketIsGone_stillSucceedsAndTheNoticeSaysTheRecordIsMissing() {
        try (DrillHarness h = new DrillHarness("{}")) {
            h.sandbox.aws().s3().deleteBucket(Sandbox.AUDIT_BUCKET);

            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(List.of(), report.fin().evidence());
            String complete = report.notifications().getLast().message();
            assertTrue(complete.contains("NOT WRITTEN: audit record not written to s3://efs-dr-audit"), complete);
            assertTrue(complete.contains("NoSuchBucket") || complete.contains("bucket does not exist"), complete);
        }
    }
}
