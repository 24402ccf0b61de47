package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failback's "Promotion Approval Needed?" used to be a Choice over two run fields:
 * And($.run.dryRun == false, $.run.approvalRequired == true). It now reads the run's
 * {@code approvalNeeded}; every combination must decide as the old Choice did.
 */
class RunContextApprovalTest {

    private static boolean theOldChoice(boolean dryRun, boolean approvalRequired) {
        return !dryRun && approvalRequired;
    }

    @Test
    void everyCombinationTheOldChoiceCoveredDecidesAlike() {
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (String workflow : List.of("failover", "failback")) {
            for (boolean dryRun : new boolean[] {false, true}) {
                for (boolean asked : new boolean[] {false, true}) {
                    for (String alarm : new String[] {null, "efs-dr-primary-down"}) {
                        RunContext run = run(workflow, dryRun, asked, alarm);
                        JsonNode json = Json.MAPPER.valueToTree(run);
                        boolean old = theOldChoice(dryRun, asked);
                        if (run.approvalNeeded() != old
                                || json.path("approvalNeeded").asBoolean(!old) != old
                                || run.approvalReason().required() != old) {
                            differ.add(workflow + "/" + dryRun + "/" + asked + "/" + alarm + ": old " + old + ", now "
                                    + run.approvalReason() + " " + json.path("approvalNeeded"));
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(List.of(), differ);
        assertEquals(16, checked);
    }

    @Test
    void theReasonSaysWhoAsked() {
        assertEquals(
                ApprovalReason.OPERATOR_ASKED,
                run("failback", false, true, null).approvalReason());
        assertEquals(
                ApprovalReason.AUTO_FAILOVER_APPROVAL,
                run("failover", false, true, "alarm").approvalReason());
        assertEquals(ApprovalReason.NONE, run("failover", true, true, "alarm").approvalReason());
        assertEquals(ApprovalReason.NONE, run("failover", false, false, "alarm").approvalReason());
    }

    @Test
    void theDecisionIsWrittenIntoTheStateAndNeverReadBack() throws Exception {
        ObjectNode json = Json.MAPPER.valueToTree(run("failback", false, true, null));
        assertTrue(json.get("approvalNeeded").asBoolean());
        assertEquals("OPERATOR_ASKED", json.get("approvalReason").asText());
        json.put("approvalNeeded", false).put("approvalReason", "NONE").put("dryRun", true);
        RunContext read = Json.STRICT.treeToValue(json, RunContext.class);
        assertFalse(read.approvalNeeded());
        assertEquals(ApprovalReason.NONE, read.approvalReason());
        json.put("dryRun", false);
        assertTrue(Json.STRICT.treeToValue(json, RunContext.class).approvalNeeded());
    }

    private static RunContext run(String workflow, boolean dryRun, boolean asked, String alarm) {
        return new RunContext(
                "run-1",
                workflow,
                "test",
                dryRun,
                Instant.parse("2026-11-25T03:00:00Z"),
                alarm,
                asked,
                3600,
                FailoverMode.GRACEFUL,
                null);
    }
}
