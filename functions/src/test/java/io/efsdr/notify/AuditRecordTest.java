package io.efsdr.notify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.handler.StepCatalogue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRecordTest {
    private final NotificationComposer composer = new NotificationComposer(
            Clock.fixed(Instant.parse("2026-11-25T03:06:00Z"), ZoneOffset.UTC), StepCatalogue.NAMES);

    private AuditRecord completedFailover(Map<String, JsonNode> approvals) {
        NotifyRequest request = NotificationComposerTest.request(
                "COMPLETE", NotificationComposerTest.run(false), NotificationComposerTest.completedSteps(), null, null);
        NotificationComposer.Figures figures = composer.figures(request);
        return AuditRecord.ofRun(composer, request, figures, composer.compose(request, figures), approvals);
    }

    @Test
    void ofRun_whenFailoverCompletes_expectKeysUnderTheWorkflowAndExecution() {
        AuditRecord record = completedFailover(Map.of());

        assertAll(
                () -> assertEquals("runs/failover/failover-manual-1/record.json", record.recordKey()),
                () -> assertEquals("runs/failover/failover-manual-1/report.md", record.reportKey()));
    }

    @Test
    void ofRun_whenFailoverCompletes_expectStepsWindowGuardsAndChangesPerRegion() throws Exception {
        JsonNode json = Json.MAPPER.readTree(completedFailover(Map.of()).json());

        assertAll(
                () -> assertEquals("COMPLETE", json.get("event").asText()),
                () -> assertEquals(300, json.get("rtoSeconds").asLong()),
                () -> assertEquals("assess", json.get("steps").get(0).get("key").asText(), json.toString()),
                () -> assertEquals(
                        "Assess Replication",
                        json.get("steps").get(0).get("name").asText()),
                () -> assertTrue(json.get("steps").get(0).has("startedAt")),
                () -> assertEquals(42, json.get("dataLoss").get("windowSeconds").asLong()),
                () -> assertTrue(json.get("dataLoss").get("proof").asText().contains("RPO 900 s, met")),
                () -> assertTrue(json.get("dataLoss").get("evidence").has("promote")),
                () -> assertTrue(json.get("guards").toString().contains("fencing skipped"), json.toString()),
                () -> assertTrue(json.get("changes").get("us-east-1").toString().contains("Fence"), json.toString()),
                () -> assertTrue(
                        json.get("changes").get("us-west-2").toString().contains("deleted the replication"),
                        json.toString()));
    }

    @Test
    void ofRun_whenTheStateHoldsAnApproval_expectWhoWhenAndWhyInBoth() throws Exception {
        JsonNode approval = Json.MAPPER.readTree("{\"approved\":true,\"approver\":\"alice\",\"reason\":\"region down\","
                + "\"decidedAt\":\"2026-11-25T03:00:10Z\"}");

        AuditRecord record = completedFailover(Map.of("approval", approval));
        JsonNode entry = Json.MAPPER.readTree(record.json()).get("approvals").get(0);

        assertAll(
                () -> assertEquals("alice", entry.get("approver").asText()),
                () -> assertEquals(
                        "2026-11-25T03:00:10Z", entry.get("decidedAt").asText()),
                () -> assertEquals("region down", entry.get("reason").asText()),
                () -> assertTrue(
                        record.markdown().contains("approval: approved by alice at 2026-11-25T03:00:10Z: region down"),
                        record.markdown()));
    }

    @Test
    void ofRun_whenFailoverCompletes_expectAReportWithEverySection() {
        String report = completedFailover(Map.of()).markdown();

        assertAll(
                () -> assertTrue(report.startsWith("# DR failover failover-manual-1: COMPLETE"), report),
                () -> assertTrue(report.contains("## Steps"), report),
                () -> assertTrue(report.contains("| Assess Replication | 2026-11-25T"), report),
                () -> assertTrue(report.contains("## Data-loss window\n\n42 s"), report),
                () -> assertTrue(report.contains("## Approvals"), report),
                () -> assertTrue(report.contains("## Guards that fired\n\n- "), report),
                () -> assertTrue(report.contains("### us-east-1"), report),
                () -> assertTrue(report.contains("### us-west-2"), report));
    }

    @Test
    void ofRun_whenNotApproved_expectTheRefusalAmongTheApprovals() throws Exception {
        NotifyRequest request = NotificationComposerTest.request(
                "NOT_APPROVED",
                NotificationComposerTest.run(false),
                Map.of(),
                new NotifyRequest.CaughtError("io.efsdr.error.ApprovalRejectedException", "rejected by bob: not yet"),
                "Request Failover Approval");

        AuditRecord record =
                AuditRecord.ofRun(composer, request, composer.figures(request), composer.compose(request), Map.of());
        JsonNode approvals = Json.MAPPER.readTree(record.json()).get("approvals");

        assertAll(
                () -> assertEquals(1, approvals.size()),
                () -> assertFalse(approvals.get(0).get("approved").asBoolean()),
                () -> assertTrue(approvals.get(0).get("reason").asText().contains("rejected by bob: not yet")));
    }

    @Test
    void ofDecline_expectTheGuardAndNothingChanged() throws Exception {
        AuditRecord record = AuditRecord.ofDecline(
                "alarm-x-1",
                "x",
                Instant.parse("2026-11-25T03:00:00Z"),
                "COOLDOWN",
                "within the cooldown",
                Instant.parse("2026-11-25T03:00:01Z"));
        JsonNode json = Json.MAPPER.readTree(record.json());

        assertAll(
                () -> assertEquals("runs/trigger/alarm-x-1/record.json", record.recordKey()),
                () -> assertEquals(
                        "COOLDOWN", json.get("guards").get(0).get("guard").asText()),
                () -> assertFalse(json.get("changed").asBoolean()),
                () -> assertTrue(record.markdown().contains("- COOLDOWN: within the cooldown")));
    }

    @Test
    void ofReadiness_expectTheChangesAndChecks() {
        AuditRecord record = AuditRecord.ofReadiness(
                Instant.parse("2026-11-25T03:30:00Z"),
                Instant.parse("2026-11-25T03:30:05Z"),
                "FAIL",
                List.of("replication: OK -> FAIL"),
                List.of("replication: FAIL: lag 2000 s"));

        assertAll(
                () -> assertEquals("runs/readiness/20261125033000/report.md", record.reportKey()),
                () -> assertTrue(record.markdown().contains("- replication: OK -> FAIL")),
                () -> assertTrue(record.json().contains("lag 2000 s")));
    }
}
