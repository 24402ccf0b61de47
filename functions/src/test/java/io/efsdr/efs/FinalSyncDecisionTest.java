package io.efsdr.efs;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.plan.DrPlan;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Target;
import io.efsdr.plan.Timeouts;
import io.efsdr.plan.UnprovenSync;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a graceful failover does after each poll of its final sync: the decision "Final Sync Done?"
 * reads, and the bound of the wait in a run an alarm started.
 */
class FinalSyncDecisionTest {
    private static final Instant STOPPED = T0.minusSeconds(30);
    private static final long MAX_POLL_WAIT = Poll.MIN_WAIT_CAP_SECONDS;
    private final TestClock clock = new TestClock(T0);
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR);
    private final Failback failback = new Failback(efs, (site, workloads, concurrency) -> 0, clock);

    private static DrPlan plan(UnprovenSync option) {
        DrPlan p = Plans.plan();
        return new DrPlan(
                p.application(),
                p.primary(),
                p.dr(),
                p.storageClass(),
                p.workloads(),
                p.rpoSeconds(),
                new Timeouts(1800, 600, 30, 3600, 1200, 300, 300, 180),
                p.kubernetesConcurrency(),
                p.kubernetesRateLimit(),
                p.hooks(),
                p.traffic(),
                option);
    }

    private static RunContext run(String alarmName, boolean approvalRequired) {
        return new RunContext(
                "run-1", "failover", "test", false, T0, alarmName, approvalRequired, 3600, FailoverMode.GRACEFUL, null);
    }

    /** Polls the final sync until it stops waiting, the clock moving by each poll's wait. */
    private SyncCheck waitOut(DrPlan plan, RunContext run) {
        SyncCheck check = failback.checkSync(plan, run, Target.PRIMARY, STOPPED, true, true, null);
        while (check.decision() == SyncDecision.WAIT) {
            clock.advanceSeconds(check.nextPollSeconds());
            check = failback.checkSync(plan, run, Target.PRIMARY, STOPPED, true, true, check);
        }
        return check;
    }

    private long waitedSeconds() {
        return clock.instant().getEpochSecond() - T0.getEpochSecond();
    }

    @Test
    void checkSync_whenASyncPassedTheStop_promotesWithTheProof() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.plusSeconds(1));

        SyncCheck check = waitOut(plan(UnprovenSync.ABORT), run(null, false));

        assertAll(() -> assertTrue(check.synced()), () -> assertEquals(SyncDecision.PROMOTE, check.decision()));
    }

    @Test
    void checkSync_pastTheBound_byDefault_asksAPerson() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.minusSeconds(5));

        SyncCheck check = waitOut(plan(UnprovenSync.APPROVAL), run(null, false));

        assertAll(
                () -> assertTrue(check.gaveUp()),
                () -> assertEquals(SyncDecision.ASK, check.decision()),
                () -> assertTrue(waitedSeconds() >= 1200, "waited the whole finalSyncSeconds: " + waitedSeconds()),
                () -> assertTrue(check.summary().contains("a person decides"), check.summary()));
    }

    @Test
    void checkSync_pastTheBound_withAbort_neverPromotes() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.minusSeconds(5));

        SyncCheck check = waitOut(plan(UnprovenSync.ABORT), run(null, false));

        assertEquals(SyncDecision.ABORT, check.decision());
    }

    @Test
    void checkSync_pastTheBound_withPromote_promotesWithoutTheProof() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.minusSeconds(5));

        SyncCheck check = waitOut(plan(UnprovenSync.PROMOTE), run(null, false));

        assertAll(
                () -> assertEquals(SyncDecision.PROMOTE, check.decision()),
                () -> assertFalse(check.synced()),
                () -> assertTrue(check.summary().contains("going on without the proof"), check.summary()));
    }

    @Test
    void checkSync_pastTheBound_withPromote_whenTheRunRequiresApproval_asks() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.minusSeconds(5));

        assertEquals(
                SyncDecision.ASK,
                waitOut(plan(UnprovenSync.PROMOTE), run(null, true)).decision());
    }

    @Test
    void checkSync_whenTheReplicationCannotSync_decidesAtOnce() {
        efs.replicating(PRIMARY, DR, "PAUSED", STOPPED.minusSeconds(5));

        SyncCheck check = waitOut(plan(UnprovenSync.ABORT), run(null, false));

        assertAll(() -> assertEquals(SyncDecision.ABORT, check.decision()), () -> assertEquals(0, waitedSeconds()));
    }

    @Test
    void checkSync_whenAnEarlierRunAlreadyDeletedTheReplication_carriesOnToThePromotion() {
        SyncCheck check = waitOut(plan(UnprovenSync.ABORT), run(null, false));

        assertAll(() -> assertTrue(check.gaveUp()), () -> assertEquals(SyncDecision.PROMOTE, check.decision()));
    }

    @Test
    void checkSync_inARunAnAlarmStarted_givesUpAtTheAlarmBound() {
        efs.replicating(PRIMARY, DR, "ENABLED", STOPPED.minusSeconds(5));

        SyncCheck check = waitOut(plan(UnprovenSync.PROMOTE), run("shop-primary-unhealthy", false));

        assertAll(
                () -> assertTrue(check.gaveUp()),
                () -> assertEquals(T0.plusSeconds(300), check.deadline()),
                () -> assertTrue(
                        waitedSeconds() > 300 && waitedSeconds() <= 300 + MAX_POLL_WAIT,
                        "gave up just past alarmFinalSyncSeconds, not finalSyncSeconds: " + waitedSeconds()),
                () -> assertTrue(check.summary().contains("alarmFinalSyncSeconds"), check.summary()));
    }

    @Test
    void finalSyncBound_whenTheAlarmBoundIsTheLarger_theSmallerWins() {
        Timeouts timeouts = new Timeouts(1800, 600, 30, 3600, 120, 300, 900, 180);

        assertAll(
                () -> assertEquals(120, timeouts.finalSyncSeconds(true)),
                () -> assertEquals(120, timeouts.finalSyncSeconds(false)),
                () -> assertEquals(300, Timeouts.DEFAULTS.finalSyncSeconds(true)),
                () -> assertEquals(1200, Timeouts.DEFAULTS.finalSyncSeconds(false)));
    }
}
