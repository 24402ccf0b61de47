package io.efsdr.guard;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.SsmParameters;
import io.efsdr.efs.CleanupResult;
import io.efsdr.efs.Failback;
import io.efsdr.efs.FakeEfs;
import io.efsdr.efs.PreconditionResult;
import io.efsdr.efs.WriteFence;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadSelector;
import io.efsdr.plan.WorkloadSet;
import io.efsdr.testing.InMemorySsm;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A skipped fence becomes pending; a failback waits for it, and its clean-up leaves the write fence on (the failback
 * removes it once the primary is a replication destination).
 */
class DeferredFencingTest {
    private final DrPlan plan = Plans.plan();
    private final TestClock clock = new TestClock(T0);
    private final InMemorySsm ssm = new InMemorySsm();
    private final FenceRecord record =
            new FenceRecord(new SsmParameters(ssm::client, DR.region()), "/efs-dr/active-region-fence");
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR);
    private final PrimaryGuardTest.RecordingSchedule schedule = new PrimaryGuardTest.RecordingSchedule();
    private final WriteFence writeFence = new WriteFence(efs);
    private final DeferredFencing deferred = new DeferredFencing(
            record,
            schedule,
            new Failback(efs, (site, workloads, concurrency) -> site.equals(DR) ? 3 : 0, clock),
            clock);

    private static FenceResult fence(FenceOutcome outcome) {
        return new FenceResult(outcome, outcome != FenceOutcome.SKIPPED_UNREACHABLE, null, "fencing", T0, T0);
    }

    @Test
    void arm_whenFencingWasSkipped_recordsAPendingFenceAndEnablesTheGuard() {
        FenceResult result = deferred.arm(plan, Plans.run("failover"), fence(FenceOutcome.SKIPPED_UNREACHABLE));

        assertAll(
                () -> assertTrue(record.read().pending()),
                () -> assertEquals(T0, record.read().since()),
                () -> assertEquals(List.of("enable"), schedule.calls),
                () -> assertTrue(result.summary().contains("deferred"), result.summary()));
    }

    @Test
    void arm_whenRunAgain_keepsTheFirstRecord() {
        deferred.arm(plan, Plans.run("failover"), fence(FenceOutcome.SKIPPED_UNREACHABLE));
        clock.advanceSeconds(60);

        deferred.arm(plan, Plans.run("failover"), fence(FenceOutcome.SKIPPED_UNREACHABLE));

        assertEquals(T0, record.read().since());
    }

    @Test
    void arm_whenThePrimaryWasFenced_changesNothing() {
        FenceResult fenced = fence(FenceOutcome.FENCED);

        assertAll(
                () -> assertSame(fenced, deferred.arm(plan, Plans.run("failover"), fenced)),
                () -> assertFalse(record.read().pending()),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void arm_whenDryRun_saysSoAndRecordsNothing() {
        FenceResult result = deferred.arm(plan, Plans.dryRun("failover"), fence(FenceOutcome.SKIPPED_UNREACHABLE));

        assertAll(
                () -> assertTrue(result.summary().contains("dry run: would record a pending fence"), result.summary()),
                () -> assertEquals(Map.of(), ssm.values()),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void checkFailbackPreconditions_whileAFenceIsPending_refuses() {
        record.write(FenceState.pending(T0, "failover-1"));

        UnsafeStateException refused =
                assertThrows(UnsafeStateException.class, () -> deferred.checkFailbackPreconditions(plan));
        assertTrue(refused.getMessage().contains("still pending"), refused.getMessage());
    }

    @Test
    void checkFailbackPreconditions_whenTheFenceIsDone_checksTheFailbackAsBefore() {
        record.write(FenceState.pending(T0, "failover-1").workloadsStopped(2).fileSystemFenced());

        assertEquals(3, deferred.checkFailbackPreconditions(plan).drRunningReplicas());
    }

    @Test
    void checkFailbackPreconditions_afterTheGuardRecordedSplitBrainWrites_reportsThemAsNotOnDr() {
        record.write(FenceState.pending(T0, "failover-1")
                .answered(T0.plusSeconds(160), 1)
                .workloadsStopped(1, T0.plusSeconds(400))
                .fileSystemFenced(T0.plusSeconds(160))
                .splitBrainWrites(400));

        PreconditionResult result = deferred.checkFailbackPreconditions(plan);

        assertAll(
                () -> assertEquals(400L, result.splitBrainWriteSeconds()),
                () -> assertTrue(result.summary().contains("up to 400 s after"), result.summary()),
                () -> assertTrue(result.summary().contains("NOT on " + DR.fileSystemId()), result.summary()));
    }

    @Test
    void cleanUp_whenTheFileSystemIsWriteFenced_clearsTheRecordAndLeavesTheFenceOn() {
        record.write(FenceState.pending(T0, "failover-1").workloadsStopped(2).fileSystemFenced());
        writeFence.fence(PRIMARY, false);

        CleanupResult result = deferred.cleanUp(plan, Plans.run("failback"), null);

        assertAll(
                () -> assertTrue(result.done(), "nothing to wait for once the stale record is gone"),
                () -> assertTrue(
                        writeFence.isFenced(PRIMARY),
                        "the primary is still writable: the fence stays until it is a replication destination"),
                () -> assertEquals(FenceState.NONE, record.read()),
                () -> assertTrue(
                        result.summary().contains("stays until the primary is a replication destination"),
                        result.summary()));
    }

    @Test
    void cleanUp_whenDryRun_changesNothing() {
        FenceState fenced =
                FenceState.pending(T0, "failover-1").workloadsStopped(2).fileSystemFenced();
        record.write(fenced);
        writeFence.fence(PRIMARY, false);

        CleanupResult result = deferred.cleanUp(plan, Plans.dryRun("failback"), null);

        assertAll(
                () -> assertTrue(result.done()),
                () -> assertTrue(writeFence.isFenced(PRIMARY)),
                () -> assertEquals(fenced, record.read()));
    }

    @Test
    void watch_afterAFailoverThatStoppedThePrimary_recordsAWatchAndEnablesTheGuard() {
        String note = deferred.watch(plan, Plans.run("failover"), Target.DR);

        assertAll(
                () -> assertTrue(record.read().watch()),
                () -> assertFalse(record.read().pending()),
                () -> assertEquals(List.of("enable"), schedule.calls),
                () -> assertTrue(note.contains("watches"), note),
                () -> assertEquals(3, deferred.checkFailbackPreconditions(plan).drRunningReplicas(), "not refused"));
    }

    @Test
    void watch_whenTheRunCarriesAnUnresolvedSelector_recordsTheWatchWithoutListingTheWorkloads() {
        DrPlan selected = new DrPlan(
                plan.application(),
                plan.primary(),
                plan.dr(),
                plan.storageClass(),
                new WorkloadSet(List.of(), new WorkloadSelector(List.of("shop"), java.util.Map.of("app", "shop"))),
                plan.rpoSeconds(),
                plan.timeouts(),
                plan.kubernetesConcurrency(),
                plan.kubernetesRateLimit(),
                plan.hooks(),
                plan.traffic(),
                plan.onUnprovenSync());

        String note = deferred.watch(selected, Plans.run("failover"), Target.DR);

        assertAll(
                () -> assertTrue(record.read().watch()),
                () -> assertEquals(List.of("enable"), schedule.calls),
                () -> assertTrue(note.contains("watches"), note));
    }

    @Test
    void watch_whenAFenceIsPendingOrAfterAFailback_leavesTheRecord() {
        record.write(FenceState.pending(T0, "failover-1"));

        deferred.watch(plan, Plans.run("failover"), Target.DR);
        deferred.watch(plan, Plans.run("failback"), Target.PRIMARY);

        assertAll(
                () -> assertFalse(record.read().watch()),
                () -> assertTrue(record.read().pending()),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void cleanUp_whileTheGuardWatches_endsTheWatchAndDisablesTheGuard() {
        record.write(FenceState.watching(T0, "failover-1", 2).reverted());

        CleanupResult result = deferred.cleanUp(plan, Plans.run("failback"), null);

        assertAll(
                () -> assertEquals(FenceState.NONE, record.read()),
                () -> assertEquals(List.of("disable"), schedule.calls),
                () -> assertTrue(result.summary().contains("ended the split-brain guard's watch"), result.summary()));
    }
}
