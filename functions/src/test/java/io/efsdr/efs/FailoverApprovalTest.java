package io.efsdr.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.plan.ApprovalReason;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * "Approval Needed?" used to be a compound Choice in the failover's ASL, testable only end to end.
 * {@link #theOldChoice} is that Choice, condition by condition; every combination of its inputs
 * must give the same answer from {@link FailoverApproval}, with a reason.
 */
class FailoverApprovalTest {
    private static final List<String> STATUSES =
            List.of("ENABLED", "ENABLING", "PAUSED", "PAUSING", "ERROR", "DELETING", "NONE");

    /**
     * The Choice as the ASL wrote it before the rule moved into Java:
     * And(dryRun == false, Or(approvalRequired == true, And(IsPresent alarmName, Or(withinRpo ==
     * false, replicationStatus == ERROR, == PAUSED, == PAUSING)))).
     */
    private static boolean theOldChoice(
            boolean dryRun, boolean approvalRequired, String alarmName, boolean withinRpo, String status) {
        return !dryRun
                && (approvalRequired
                        || (alarmName != null
                                && (!withinRpo
                                        || status.equals("ERROR")
                                        || status.equals("PAUSED")
                                        || status.equals("PAUSING"))));
    }

    @Test
    void everyCombinationTheOldChoiceCoveredDecidesAlike() {
        int checked = 0;
        List<String> differ = new ArrayList<>();
        for (boolean dryRun : new boolean[] {false, true}) {
            for (boolean asked : new boolean[] {false, true}) {
                for (String alarm : new String[] {null, "efs-dr-primary-down"}) {
                    for (boolean withinRpo : new boolean[] {false, true}) {
                        for (String status : STATUSES) {
                            RunContext run = run(dryRun, asked, alarm);
                            ApprovalReason reason = FailoverApproval.reason(run, assessment(status, withinRpo));
                            boolean old = theOldChoice(dryRun, asked, alarm, withinRpo, status);
                            if (reason.required() != old) {
                                differ.add(dryRun + "/" + asked + "/" + alarm + "/" + withinRpo + "/" + status
                                        + ": old " + old + ", now " + reason);
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), differ);
        assertEquals(2 * 2 * 2 * 2 * STATUSES.size(), checked);
    }

    @Test
    void aDryRunNeverAsks() {
        assertEquals(ApprovalReason.NONE, reason(true, true, "alarm", false, "ERROR"));
    }

    @Test
    void whatTheRunAskedForComesFirst() {
        assertEquals(ApprovalReason.OPERATOR_ASKED, reason(false, true, null, true, "ENABLED"));
        assertEquals(ApprovalReason.AUTO_FAILOVER_APPROVAL, reason(false, true, "alarm", false, "ERROR"));
    }

    @Test
    void anAlarmAsksWhenReplicationIsUnhealthyOrTheWindowTooLong() {
        assertEquals(ApprovalReason.REPLICATION_ERROR, reason(false, false, "alarm", false, "ERROR"));
        assertEquals(ApprovalReason.REPLICATION_PAUSED, reason(false, false, "alarm", true, "PAUSED"));
        assertEquals(ApprovalReason.REPLICATION_PAUSED, reason(false, false, "alarm", true, "PAUSING"));
        assertEquals(ApprovalReason.RPO_EXCEEDED, reason(false, false, "alarm", false, "ENABLED"));
        assertEquals(ApprovalReason.RPO_EXCEEDED, reason(false, false, "alarm", false, "NONE"));
        assertEquals(ApprovalReason.NONE, reason(false, false, "alarm", true, "ENABLED"));
    }

    @Test
    void anOperatorWhoDidNotAskIsNotAskedWhateverTheReplicationSays() {
        assertEquals(ApprovalReason.NONE, reason(false, false, null, false, "ERROR"));
    }

    @Test
    void theAssessmentCarriesTheDecisionForTheChoice() {
        ReplicationAssessment raw = assessment("PAUSED", true);
        assertFalse(raw.approvalRequired());
        assertEquals(ApprovalReason.NONE, raw.approvalReason());
        ReplicationAssessment decided = raw.forRun(run(false, false, "alarm"));
        assertTrue(decided.approvalRequired());
        assertEquals(ApprovalReason.REPLICATION_PAUSED, decided.approvalReason());
        assertEquals(raw.summary(), decided.summary());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReplicationAssessment(
                        "fs-dr",
                        null,
                        "ENABLED",
                        null,
                        null,
                        null,
                        null,
                        true,
                        false,
                        "s",
                        null,
                        null,
                        null,
                        true,
                        ApprovalReason.NONE));
    }

    private static ApprovalReason reason(
            boolean dryRun, boolean asked, String alarm, boolean withinRpo, String status) {
        return FailoverApproval.reason(run(dryRun, asked, alarm), assessment(status, withinRpo));
    }

    private static RunContext run(boolean dryRun, boolean asked, String alarm) {
        return new RunContext(
                "run-1",
                "failover",
                "test",
                dryRun,
                Instant.parse("2026-11-25T03:00:00Z"),
                alarm,
                asked,
                3600,
                FailoverMode.GRACEFUL,
                null);
    }

    private static ReplicationAssessment assessment(String status, boolean withinRpo) {
        return new ReplicationAssessment(
                "fs-dr",
                "fs-primary",
                status,
                null,
                ReplicationOverwriteProtection.REPLICATING,
                null,
                withinRpo ? 10L : null,
                withinRpo,
                false,
                "summary",
                null,
                null);
    }
}
