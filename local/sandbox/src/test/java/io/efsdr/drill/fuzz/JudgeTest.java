package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each property catches the broken rule it is about, from the sandbox's facts alone. */
class JudgeTest {
    private static final WorldState SERVING_PRIMARY = new WorldState(
            Map.of("fs-a", "writable, protection ENABLED, fence absent"),
            List.of("us-west-2: fs-a -> fs-b ENABLED"),
            Map.of("us-east-1", Map.of("shop/Deployment/w0", 2), "us-west-2", Map.of("shop/Deployment/w0", 0)),
            null,
            null);
    private static final WorldState SERVING_DR = new WorldState(
            Map.of("fs-a", "writable, protection ENABLED, fence present"),
            List.of(),
            Map.of("us-east-1", Map.of("shop/Deployment/w0", 0), "us-west-2", Map.of("shop/Deployment/w0", 2)),
            null,
            "us-west-2");

    private static RunFacts facts(
            Long window, boolean proven, double lost, double splitBrain, boolean returned, List<String> statuses) {
        return new RunFacts(
                statuses,
                window,
                proven,
                lost,
                splitBrain,
                returned,
                270,
                600,
                10_000,
                false,
                SERVING_PRIMARY,
                SERVING_DR,
                List.of(),
                List.of(),
                false,
                null);
    }

    @Test
    void aHealthyRunPassesEveryPropertyThatApplies() {
        var v = Judge.judge(facts(0L, true, 0, 0, false, List.of("SUCCEEDED")));
        List.of("P1", "P2", "P3", "P5").forEach(p -> assertTrue(v.get(p).passed(), p));
        assertNull(v.get("P4").passed(), "no redrive: P4 does not apply");
    }

    private static RunFacts splitBrainWrites(double lost, double splitBrainLost, boolean returned, Long reported) {
        RunFacts f = facts(62L, false, lost, returned ? splitBrainLost : 0, returned, List.of("SUCCEEDED"));
        return new RunFacts(
                f.statuses(),
                f.reportedWindowSeconds(),
                f.reportedProven(),
                f.lostWriteSeconds(),
                f.splitBrainSeconds(),
                f.primaryReturned(),
                f.splitBrainBoundSeconds(),
                f.runSeconds(),
                f.boundSeconds(),
                f.dryRun(),
                f.before(),
                f.after(),
                f.changes(),
                f.undocumentedChanges(),
                f.redriven(),
                f.reference(),
                splitBrainLost,
                reported,
                false);
    }

    @Test
    void writesOfTheOldPrimaryAfterThePromotionAreJudgedByP2NotP1() {
        // Finding seed 3961847272984922858: window 62 s covers the 60 s lost before the promotion;
        // the 187 s the returned primary wrote after it are split-brain writes the guard reported.
        var v = Judge.judge(splitBrainWrites(60, 187, true, 401L));
        assertTrue(v.get("P1").passed(), String.valueOf(v.get("P1")));
        assertTrue(v.get("P2").passed(), String.valueOf(v.get("P2")));
    }

    @Test
    void splitBrainWritesTheGuardDidNotReportFailP2() {
        var none = Judge.judge(splitBrainWrites(60, 187, true, null));
        var tooFew = Judge.judge(splitBrainWrites(60, 187, true, 120L));
        var neverReturned = Judge.judge(splitBrainWrites(60, 30, false, 400L));
        assertAll(
                () -> assertFalse(none.get("P2").passed()),
                () -> assertTrue(none.get("P2").detail().contains("reported none")),
                () -> assertFalse(tooFew.get("P2").passed()),
                () -> assertFalse(neverReturned.get("P2").passed()),
                () -> assertTrue(neverReturned.get("P2").detail().contains("never returned")));
    }

    @Test
    void aWindowClaimedProvenWhileWritesWereLostFailsP1() {
        // A broken final-sync proof: the handler reports a proven window of 0 s, the truth lost 42 s.
        var v = Judge.judge(facts(0L, true, 42, 0, false, List.of("SUCCEEDED")));
        assertFalse(v.get("P1").passed());
        assertTrue(v.get("P1").detail().contains("proven"));
    }

    @Test
    void aWindowSmallerThanTheLossFailsP1ButOneSecondOfSlackIsAllowed() {
        assertFalse(
                Judge.p1(facts(10L, false, 30, 0, false, List.of("SUCCEEDED"))).passed());
        assertFalse(
                Judge.p1(facts(null, false, 30, 0, false, List.of("FAILED"))).passed());
        assertTrue(Judge.p1(facts(29L, false, 29.9, 0, false, List.of("SUCCEEDED")))
                .passed());
    }

    @Test
    void splitBrainFailsP2UnlessThePrimaryReturnedAndItStayedWithinTheBound() {
        // A fence turned into a no-op: writers in both regions.
        assertFalse(
                Judge.p2(facts(0L, false, 0, 0.5, false, List.of("SUCCEEDED"))).passed());
        assertTrue(
                Judge.p2(facts(0L, false, 0, 200, true, List.of("SUCCEEDED"))).passed());
        assertFalse(
                Judge.p2(facts(0L, false, 0, 271, true, List.of("SUCCEEDED"))).passed());
    }

    @Test
    void aRunEndedByTheMachineTimeoutOrOverThePlansBoundFailsP3() {
        assertFalse(
                Judge.p3(facts(0L, false, 0, 0, false, List.of("TIMED_OUT"))).passed());
        RunFacts slow = new RunFacts(
                List.of("SUCCEEDED"),
                0L,
                false,
                0,
                0,
                false,
                270,
                10_001,
                10_000,
                false,
                SERVING_PRIMARY,
                SERVING_DR,
                List.of(),
                List.of(),
                false,
                null);
        assertFalse(Judge.p3(slow).passed());
    }

    @Test
    void aRedriveThatEndsElsewhereThanTheWorldWithoutFaultsFailsP4() {
        RunFacts redriven = new RunFacts(
                List.of("SUCCEEDED"),
                0L,
                false,
                0,
                0,
                false,
                270,
                600,
                10_000,
                false,
                SERVING_PRIMARY,
                SERVING_DR,
                List.of(),
                List.of(),
                true,
                SERVING_PRIMARY);
        var p4 = Judge.p4(redriven);
        assertFalse(p4.passed());
        assertTrue(p4.detail().contains("replicas us-east-1 shop/Deployment/w0 0 vs 2"), p4.detail());
    }

    @Test
    void aDryRunThatChangesAnythingAndAnUndocumentedChangeFailP5() {
        RunFacts dry = new RunFacts(
                List.of("SUCCEEDED"),
                0L,
                false,
                0,
                0,
                false,
                270,
                600,
                10_000,
                true,
                SERVING_PRIMARY,
                SERVING_PRIMARY,
                List.of("sns:Publish us-west-2", "elasticfilesystem:PutFileSystemPolicy us-east-1"),
                List.of(),
                false,
                null);
        var p5 = Judge.p5(dry);
        assertFalse(p5.passed());
        assertTrue(p5.detail().contains("PutFileSystemPolicy"), p5.detail());
        RunFacts outside = new RunFacts(
                List.of("SUCCEEDED"),
                0L,
                false,
                0,
                0,
                false,
                270,
                600,
                10_000,
                false,
                SERVING_PRIMARY,
                SERVING_DR,
                List.of(),
                List.of("kubernetes:patch:scale primary /apis/apps/v1/namespaces/other/deployments/x/scale"),
                false,
                null);
        assertFalse(Judge.p5(outside).passed());
        assertEquals("shop/Deployment/w0", Fuzzer.workloadOf("/apis/apps/v1/namespaces/shop/deployments/w0/scale"));
    }
}
