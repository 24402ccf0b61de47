package io.efsdr.guard;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.SsmParameters;
import io.efsdr.efs.FakeEfs;
import io.efsdr.efs.WriteFence;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.kubernetes.FakeCluster;
import io.efsdr.kubernetes.FakeClusters;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.testing.InMemorySsm;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The split-brain guard fences the old primary once it answers again, and only while DR is the active region. */
class PrimaryGuardTest {
    private final DrPlan plan = Plans.plan();
    private final TestClock clock = new TestClock(T0);
    private final InMemorySsm ssm = new InMemorySsm();
    private final FenceRecord record =
            new FenceRecord(new SsmParameters(ssm::client, DR.region()), "/efs-dr/active-region-fence");
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR);
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster primary = clusters.of(PRIMARY);
    private final RecordingSchedule schedule = new RecordingSchedule();
    private final List<Notification> notifications = new ArrayList<>();
    private Optional<String> activeRegion = Optional.of(DR.region());
    private final PrimaryGuard guard = new PrimaryGuard(
            record,
            () -> activeRegion,
            () -> plan,
            p -> p.workloads().list(),
            new WorkloadScaler(clusters, clock),
            new ReadinessChecker(clusters, clock),
            new WriteFence(efs),
            schedule,
            notifications::add,
            clock);

    static final class RecordingSchedule implements GuardSchedule {
        final List<String> calls = new ArrayList<>();

        @Override
        public void enable() {
            calls.add("enable");
        }

        @Override
        public void disable() {
            calls.add("disable");
        }
    }

    private void pendingFence() {
        record.write(FenceState.pending(T0, "failover-1"));
    }

    @Test
    void run_whenNoFenceIsPending_disablesItsScheduleAndTouchesNothing() {
        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.IDLE, result.outcome()),
                () -> assertEquals(List.of("disable"), schedule.calls),
                () -> assertEquals(List.of(), primary.writes()),
                () -> assertEquals(List.of(), efs.writes()),
                () -> assertEquals(List.of(), notifications));
    }

    @Test
    void run_whenTheFailoverHasNotRecordedDrActive_waitsAndTouchesNothing() {
        pendingFence();
        activeRegion = Optional.empty();
        primary.workload(WEB, 3).workload(DB, 2);

        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.WAITING_FOR_FAILOVER, result.outcome()),
                () -> assertEquals(List.of(), primary.writes()),
                () -> assertEquals(List.of(), efs.writes()),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void run_whilePrimaryIsDown_keepsTheFencePendingAndSaysNothing() {
        pendingFence();
        primary.failing(new DependencyUnavailableException("connection refused"));
        efs.unreachable(PRIMARY.region());

        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.PRIMARY_UNREACHABLE, result.outcome()),
                () -> assertTrue(record.read().pending()),
                () -> assertEquals(List.of(), notifications),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void run_whenOnlyAnEvictedPodIsLeftOnThePrimary_fencesAtOnce() {
        pendingFence();
        primary.workload(WEB, 0).workload(DB, 0).pod(WEB, "web-evicted", false, "Failed");

        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.FENCED, result.outcome(), result.summary()),
                () -> assertFalse(record.read().pending()),
                () -> assertEquals(List.of("disable"), schedule.calls));
    }

    @Test
    void run_whenThePrimaryComesBackWriting_recordsAndNotifiesHowLongItMayHaveWrittenAfterThePromotion() {
        pendingFence();
        clock.advanceSeconds(300);
        primary.workload(WEB, 3).workload(DB, 0).pod(WEB, "web-0", false);

        guard.run(false);
        FenceState ongoing = record.read();
        clock.advanceSeconds(60);
        primary.removePods().workload(WEB, 0);
        guard.run(false);
        FenceState done = record.read();

        long propagation = plan.timeouts().fencePropagationSeconds();
        assertAll(
                () -> assertEquals(T0.plusSeconds(300), ongoing.primaryAnsweredAt()),
                () -> assertEquals(1, ongoing.workloadsFoundRunning()),
                () -> assertEquals(300L, ongoing.splitBrainWriteSeconds(), "so far, pods left that may write"),
                () -> assertEquals(T0.plusSeconds(360), done.stoppedAt()),
                () -> assertEquals(
                        Math.max(360, 300 + propagation),
                        done.splitBrainWriteSeconds(),
                        "from the fence step until the pods are gone or the fence propagated, the later"),
                () -> assertEquals(1, notifications.size()),
                () -> assertTrue(
                        notifications.getFirst().body().contains("Split-brain writes: 1 workload(s) of the plan"),
                        notifications.getFirst().body()),
                () -> assertTrue(
                        notifications.getFirst().body().contains("Those writes are NOT on " + DR.fileSystemId())));
    }

    @Test
    void run_whenAPodOnThePrimaryIsInPhaseUnknown_keepsTheWorkloadsPending() {
        pendingFence();
        primary.workload(WEB, 0).workload(DB, 0).pod(DB, "db-0", false, "Unknown");

        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.PARTLY_FENCED, result.outcome(), result.summary()),
                () -> assertEquals(FenceState.Part.PENDING, record.read().workloads(), "a partitioned node may write"),
                () -> assertTrue(new WriteFence(efs).isFenced(PRIMARY)));
    }

    @Test
    void run_whenPrimaryComesBack_stopsItsWorkloadsWaitsForThePodsAndWriteFencesOnceNotifyingOnce() {
        pendingFence();
        primary.workload(WEB, 3).workload(DB, 2).pod(WEB, "web-0", false).pod(DB, "db-0", false);

        GuardResult first = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.PARTLY_FENCED, first.outcome()),
                () -> assertEquals(
                        List.of(
                                "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale replicas=0",
                                "PATCH /apis/apps/v1/namespaces/shop/statefulsets/db/scale replicas=0"),
                        primary.writes().stream().sorted().toList()),
                () -> assertTrue(new WriteFence(efs).isFenced(PRIMARY)),
                () -> assertEquals(FenceState.Part.PENDING, record.read().workloads(), "pods still there"),
                () -> assertEquals(List.of(), notifications, "pods terminating: the next run finishes"));

        primary.removePods().workload(WEB, 0).workload(DB, 0);
        GuardResult second = guard.run(false);
        GuardResult third = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.FENCED, second.outcome()),
                () -> assertFalse(record.read().pending()),
                () -> assertEquals(2, record.read().workloadsStopped()),
                () -> assertEquals(1, notifications.size()),
                () -> assertEquals(
                        "DR guard: primary region us-east-1 is back: 2 workloads stopped, file system write-fenced",
                        notifications.getFirst().subject()),
                () -> assertEquals(GuardOutcome.IDLE, third.outcome()),
                () -> assertEquals(List.of("disable", "disable"), schedule.calls),
                () -> assertEquals(1, efs.writes().size(), "one PutFileSystemPolicy"));
    }

    @Test
    void run_whenOnlyEfsAnswers_writeFencesAndNotifiesThatPartOnce() {
        pendingFence();
        primary.failing(new DependencyUnavailableException("connection refused"));

        GuardResult result = guard.run(false);
        guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.PARTLY_FENCED, result.outcome()),
                () -> assertEquals(FenceState.Part.DONE, record.read().fileSystem()),
                () -> assertEquals(FenceState.Part.PENDING, record.read().workloads()),
                () -> assertEquals(1, notifications.size(), "once, not per run"),
                () -> assertEquals(List.of(), schedule.calls));
    }

    @Test
    void run_whenDryRun_saysWhatItWouldDoAndChangesNothing() {
        pendingFence();
        primary.workload(WEB, 3).workload(DB, 2);

        GuardResult result = guard.run(true);

        assertAll(
                () -> assertEquals(GuardOutcome.DRY_RUN, result.outcome()),
                () -> assertTrue(result.summary().startsWith("dry run: would stop"), result.summary()),
                () -> assertTrue(
                        result.summary().contains("would write-fence " + PRIMARY.fileSystemId()), result.summary()),
                () -> assertEquals(List.of(), primary.writes()),
                () -> assertEquals(List.of(), efs.writes()),
                () -> assertTrue(record.read().pending()),
                () -> assertEquals(List.of(), notifications));
    }

    @Test
    void run_whenWatchingAndAWorkloadWasScaledBackUp_stopsItAgainAndNotifiesOncePerRevert() {
        record.write(FenceState.watching(T0, "failover-1", 2));
        primary.workload(WEB, 0).workload(DB, 0);

        GuardResult quiet = guard.run(false);
        primary.workload(WEB, 3);
        GuardResult reverted = guard.run(false);
        GuardResult again = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.WATCHING, quiet.outcome()),
                () -> assertEquals(GuardOutcome.RESTOPPED, reverted.outcome()),
                () -> assertEquals(GuardOutcome.WATCHING, again.outcome(), "the run after the revert finds it stopped"),
                () -> assertEquals(1, notifications.size(), notifications.toString()),
                () -> assertTrue(
                        notifications.getFirst().subject().contains("scaled back up"), notifications::toString),
                () -> assertEquals(1, record.read().reverts()),
                () -> assertTrue(record.read().watch()),
                () -> assertFalse(record.read().pending(), "a watch never holds up a failback"),
                () -> assertEquals(List.of(), schedule.calls, "the schedule stays enabled"),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void run_whenWatchingButDrIsNotActive_touchesNothing() {
        record.write(FenceState.watching(T0, "failover-1", 2));
        activeRegion = Optional.of(PRIMARY.region());
        primary.workload(WEB, 3).workload(DB, 2);

        GuardResult result = guard.run(false);

        assertAll(
                () -> assertEquals(GuardOutcome.WAITING_FOR_FAILOVER, result.outcome()),
                () -> assertEquals(List.of(), primary.writes()),
                () -> assertEquals(List.of(), notifications));
    }
}
