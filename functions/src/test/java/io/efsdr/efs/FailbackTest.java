package io.efsdr.efs;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.DR_REGION;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.PRIMARY_REGION;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadCensus;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/** Failback's EFS decisions: preconditions, the stale record, re-protection, and when a sync proves enough. */
class FailbackTest {
    private static final Site OTHER = new Site(DR_REGION, "shop-dr", "fs-0aaaaaaaaaaaaaaa0");
    private final DrPlan plan = Plans.plan();
    private final TestClock clock = new TestClock(T0);
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR);
    private final Map<String, Integer> running = new HashMap<>(Map.of(PRIMARY.clusterName(), 0, DR.clusterName(), 2));
    private final Map<String, RuntimeException> censusFailures = new HashMap<>();
    private final WorkloadCensus census = (site, workloads, concurrency) -> {
        RuntimeException failure = censusFailures.get(site.clusterName());
        if (failure != null) {
            throw failure;
        }
        return running.get(site.clusterName());
    };
    private final Failback failback = new Failback(efs, census, clock);

    static String outcome(Object value) {
        return String.valueOf(value);
    }

    @Test
    void checkPreconditions_whenDrServesAndThePrimaryAnswers_countsBothSides() {
        running.put(PRIMARY.clusterName(), 1);

        PreconditionResult result = failback.checkPreconditions(plan);

        assertAll(
                () -> assertEquals(2, result.drRunningReplicas()),
                () -> assertEquals(1, result.primaryRunningReplicas()),
                () -> assertTrue(result.summary().contains("WARNING"), result.summary()));
    }

    @Test
    void checkPreconditions_whenDrIsStillADestination_refuses() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0);

        assertThrows(UnsafeStateException.class, () -> failback.checkPreconditions(plan));
    }

    @Test
    void checkPreconditions_whenDrIsOnlyASourceOfAReplication_passes() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0);

        assertEquals(2, failback.checkPreconditions(plan).drRunningReplicas());
    }

    @Test
    void checkPreconditions_whenDrIsReadOnly_refuses() {
        efs.fileSystem(DR, "DISABLED");

        assertThrows(UnsafeStateException.class, () -> failback.checkPreconditions(plan));
    }

    @Test
    void checkPreconditions_whenThePrimaryRegionDoesNotAnswer_refusesAsUnsafe() {
        efs.unreachable(PRIMARY_REGION);

        UnsafeStateException e = assertThrows(UnsafeStateException.class, () -> failback.checkPreconditions(plan));

        assertTrue(e.getCause() instanceof DependencyUnavailableException);
    }

    @Test
    void checkPreconditions_whenThePrimaryClusterDoesNotAnswer_refusesAsUnsafe() {
        censusFailures.put(PRIMARY.clusterName(), new DependencyUnavailableException("no answer"));

        UnsafeStateException e = assertThrows(UnsafeStateException.class, () -> failback.checkPreconditions(plan));

        assertTrue(e.getMessage().contains(PRIMARY.clusterName()), e.getMessage());
    }

    @Test
    void checkPreconditions_whenThePrimaryAlreadyRunsAndDrDoesNot_refuses() {
        running.put(PRIMARY.clusterName(), 1);
        running.put(DR.clusterName(), 0);

        assertThrows(UnsafeStateException.class, () -> failback.checkPreconditions(plan));
    }

    @Test
    void checkPreconditions_whenNeitherSideRuns_passes() {
        running.put(DR.clusterName(), 0);

        PreconditionResult result = failback.checkPreconditions(plan);

        assertAll(
                () -> assertEquals(0, result.drRunningReplicas()),
                () -> assertFalse(result.summary().contains("WARNING"), result.summary()));
    }

    @Test
    void cleanUpStale_whenNothingIsLeft_isDoneWithoutWriting() {
        CleanupResult result = failback.cleanUpStale(plan, Plans.run("failback"), null);

        assertAll(
                () -> assertTrue(result.done()),
                () -> assertEquals("NOTHING_TO_CLEAN", outcome(result.action())),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void cleanUpStale_whenTheRegionDownFailoverLeftARecord_deletesItLocallyOnceAndIsDoneWhenItIsGone() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "ENABLED", T0.minusSeconds(3600));

        CleanupResult first = failback.cleanUpStale(plan, Plans.run("failback"), null);
        clock.advanceSeconds(30);
        CleanupResult second = failback.cleanUpStale(plan, Plans.run("failback"), first);
        efs.forget(PRIMARY_REGION);
        clock.advanceSeconds(30);
        CleanupResult third = failback.cleanUpStale(plan, Plans.run("failback"), second);

        assertAll(
                () -> assertFalse(first.done()),
                () -> assertEquals("DELETING", outcome(first.action())),
                () -> assertFalse(second.done()),
                () -> assertTrue(third.done()),
                () -> assertEquals("DELETED_STALE", outcome(third.action())),
                () -> assertEquals(
                        List.of("delete " + PRIMARY_REGION + " " + PRIMARY.fileSystemId()
                                + " LOCAL_CONFIGURATION_ONLY"),
                        efs.writes()));
    }

    @Test
    void cleanUpStale_whenTheOnlyRecordHasDrAsSource_leavesItAlone() {
        efs.record(PRIMARY_REGION, DR, PRIMARY, "ENABLED", T0);

        CleanupResult result = failback.cleanUpStale(plan, Plans.run("failback"), null);

        assertAll(() -> assertTrue(result.done()), () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void cleanUpStale_whenDryRun_deletesNothing() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "ENABLED", T0);

        CleanupResult result = failback.cleanUpStale(plan, Plans.dryRun("failback"), null);

        assertAll(() -> assertEquals("DRY_RUN", outcome(result.action())), () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void cleanUpStale_pastThePromotionBound_fails() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "DELETING", T0);
        CleanupResult first = failback.cleanUpStale(plan, Plans.run("failback"), null);
        clock.advanceSeconds(1800);
        CleanupResult atBound = failback.cleanUpStale(plan, Plans.run("failback"), first);
        clock.advanceSeconds(1);

        assertThrows(StepTimeoutException.class, () -> failback.cleanUpStale(plan, Plans.run("failback"), atBound));
        assertFalse(atBound.done());
    }

    @Test
    void replicate_whenNothingIsRecorded_disablesProtectionThenCreates() {
        efs.creationTime(T0.plusSeconds(1));

        ReplicationSetup setup = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertTrue(setup.ready()),
                () -> assertEquals("CREATED", outcome(setup.action())),
                () -> assertEquals(T0.plusSeconds(1), setup.createdAt()),
                () -> assertEquals(
                        List.of(
                                "disableProtection " + PRIMARY_REGION + " " + PRIMARY.fileSystemId(),
                                "create " + DR.fileSystemId() + " -> " + PRIMARY.fileSystemId()),
                        efs.writes()));
    }

    @Test
    void replicate_whenEfsGivesNoCreationTime_takesNow() {
        ReplicationSetup setup = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertEquals(T0, setup.createdAt());
    }

    @Test
    void replicate_whenTheDestinationIsAlreadyReadOnly_onlyCreates() {
        efs.fileSystem(PRIMARY, "DISABLED");

        failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertEquals(List.of("create " + DR.fileSystemId() + " -> " + PRIMARY.fileSystemId()), efs.writes());
    }

    @Test
    void replicate_whenRunTwice_createsOnce() {
        ReplicationSetup first = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        ReplicationSetup second = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertEquals("CREATED", outcome(first.action())),
                () -> assertEquals("ALREADY_EXISTS", outcome(second.action())),
                () -> assertTrue(second.ready()),
                () -> assertEquals(2, efs.writes().size()));
    }

    @Test
    void replicate_whenEitherRegionStillRecordsADeletingConfiguration_waitsWithoutWriting() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "DELETING", T0);

        ReplicationSetup waiting = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertFalse(waiting.ready()),
                () -> assertEquals("WAITING", outcome(waiting.action())),
                () -> assertNull(waiting.createdAt()),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void replicate_whenTheSourceRegionRecordsThePairDeleting_waits() {
        efs.record(DR_REGION, DR, PRIMARY, "DELETING", T0);

        ReplicationSetup waiting = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertEquals("WAITING", outcome(waiting.action())), () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void replicate_whenEfsAnswersReplicationAlreadyExists_waits() {
        efs.replicationAlreadyExists(true);

        ReplicationSetup waiting = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertFalse(waiting.ready()),
                () -> assertEquals("WAITING", outcome(waiting.action())),
                () -> assertTrue(waiting.summary().contains("ReplicationAlreadyExists"), waiting.summary()));
    }

    @Test
    void replicate_whenStillWaitingPastTheBound_fails() {
        efs.replicationAlreadyExists(true);
        ReplicationSetup first = failback.replicate(plan, Plans.run("failback"), Target.DR, null);
        clock.advanceSeconds(1800);
        ReplicationSetup atBound = failback.replicate(plan, Plans.run("failback"), Target.DR, first);
        clock.advanceSeconds(1);

        assertThrows(
                StepTimeoutException.class, () -> failback.replicate(plan, Plans.run("failback"), Target.DR, atBound));
        assertEquals("WAITING", outcome(atBound.action()));
    }

    @Test
    void replicate_whenAnotherLiveConfigurationInvolvesAFileSystem_refuses() {
        efs.record(PRIMARY_REGION, PRIMARY, OTHER, "ENABLED", T0);

        assertThrows(
                UnsafeStateException.class, () -> failback.replicate(plan, Plans.run("failback"), Target.DR, null));
        assertEquals(List.of(), efs.writes());
    }

    @Test
    void replicate_whenTheOldDirectionIsStillLive_refuses() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0);

        assertThrows(
                UnsafeStateException.class, () -> failback.replicate(plan, Plans.run("failback"), Target.DR, null));
    }

    @Test
    void replicate_whenDryRun_writesNothing() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "DELETING", T0);

        ReplicationSetup setup = failback.replicate(plan, Plans.dryRun("failback"), Target.DR, null);

        assertAll(
                () -> assertTrue(setup.ready()),
                () -> assertEquals("DRY_RUN", outcome(setup.action())),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void replicate_fromThePrimary_makesDrTheDestination() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0);
        efs.forget(PRIMARY_REGION).forget(DR_REGION);

        failback.replicate(plan, Plans.run("failback"), Target.PRIMARY, null);

        assertEquals(
                List.of(
                        "disableProtection " + DR_REGION + " " + DR.fileSystemId(),
                        "create " + PRIMARY.fileSystemId() + " -> " + DR.fileSystemId()),
                efs.writes());
    }

    private SyncCheck sync(Instant after, boolean requireSync, boolean bestEffort, SyncCheck previous) {
        return failback.checkSync(plan, Plans.run("failback"), Target.DR, after, requireSync, bestEffort, previous);
    }

    @Test
    void checkSync_whenTheLastSyncIsStrictlyLaterThanTheMoment_isSynced() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0.minusSeconds(10));

        SyncCheck check = sync(T0.minusSeconds(11), true, false, null);

        assertAll(
                () -> assertTrue(check.synced()),
                () -> assertEquals(10L, check.ageSeconds()),
                () -> assertFalse(check.gaveUp()));
    }

    @Test
    void checkSync_whenTheLastSyncIsAtTheMoment_waits() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0.minusSeconds(10));

        SyncCheck check = sync(T0.minusSeconds(10), true, false, null);

        assertAll(() -> assertFalse(check.synced()), () -> assertFalse(check.gaveUp()));
    }

    @Test
    void checkSync_whenEnabledWithoutASyncAfterTheMoment_waits() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0.minusSeconds(100));

        assertFalse(sync(T0.minusSeconds(10), true, false, null).synced());
    }

    @Test
    void checkSync_whenEnabledButNoSyncEverCompleted_waits() {
        efs.replicating(DR, PRIMARY, "ENABLED", null);

        SyncCheck check = sync(T0.minusSeconds(10), true, false, null);

        assertAll(() -> assertFalse(check.synced()), () -> assertNull(check.ageSeconds()));
    }

    @Test
    void checkSync_whenALaterSyncIsStillEnabling_waits() {
        efs.replicating(DR, PRIMARY, "ENABLING", T0);

        assertFalse(sync(T0.minusSeconds(10), true, false, null).synced());
    }

    @Test
    void checkSync_whenNoSyncIsRequired_enabledIsEnough() {
        efs.replicating(DR, PRIMARY, "ENABLED", null);

        assertTrue(sync(null, false, false, null).synced());
    }

    @Test
    void checkSync_whenASyncIsRequiredWithoutAMoment_refuses() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0);

        assertThrows(UnsafeStateException.class, () -> sync(null, true, false, null));
    }

    @Test
    void checkSync_whenTheReplicationIsNotRecorded_refuses() {
        assertThrows(UnsafeStateException.class, () -> sync(T0, true, false, null));
    }

    @Test
    void checkSync_whenTheReplicationFailed_refusesUnlessBestEffort() {
        efs.replicating(DR, PRIMARY, "ERROR", T0.minusSeconds(100));

        UnsafeStateException e =
                assertThrows(UnsafeStateException.class, () -> sync(T0.minusSeconds(10), true, false, null));
        SyncCheck bestEffort = sync(T0.minusSeconds(10), true, true, null);

        assertAll(
                () -> assertTrue(e.getMessage().contains("ERROR"), e.getMessage()),
                () -> assertTrue(bestEffort.gaveUp()),
                () -> assertFalse(bestEffort.synced()));
    }

    @Test
    void checkSync_whenTheReplicationIsPaused_refuses() {
        efs.replicating(DR, PRIMARY, "PAUSED", T0);

        assertThrows(UnsafeStateException.class, () -> sync(T0.minusSeconds(10), true, false, null));
    }

    @Test
    void checkSync_whenTheReplicationIsPausing_givesUpWhenBestEffort() {
        efs.replicating(DR, PRIMARY, "PAUSING", T0);

        assertTrue(sync(T0.minusSeconds(10), true, true, null).gaveUp());
    }

    @Test
    void checkSync_pastTheSyncBound_failsUnlessBestEffort() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0.minusSeconds(100));
        SyncCheck first = sync(T0, true, false, null);
        clock.advanceSeconds(3600);
        SyncCheck atBound = sync(T0, true, false, first);
        clock.advanceSeconds(1);

        assertThrows(StepTimeoutException.class, () -> sync(T0, true, false, atBound));
        assertFalse(atBound.synced());
    }

    @Test
    void checkSync_bestEffortPastTheFinalSyncBound_givesUp() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(100));
        SyncCheck first = failback.checkSync(plan, Plans.run("failover"), Target.PRIMARY, T0, true, true, null);
        clock.advanceSeconds(900);
        SyncCheck atBound = failback.checkSync(plan, Plans.run("failover"), Target.PRIMARY, T0, true, true, first);
        clock.advanceSeconds(1);

        SyncCheck past = failback.checkSync(plan, Plans.run("failover"), Target.PRIMARY, T0, true, true, atBound);

        assertAll(
                () -> assertFalse(atBound.gaveUp()), () -> assertTrue(past.gaveUp()), () -> assertFalse(past.synced()));
    }

    @Test
    void checkSync_bestEffortWhenTheReplicationIsGoneOrDeleting_givesUp() {
        SyncCheck gone = failback.checkSync(plan, Plans.run("failover"), Target.PRIMARY, T0, true, true, null);
        efs.replicating(PRIMARY, DR, "DELETING", T0.plusSeconds(5));
        SyncCheck deleting = failback.checkSync(plan, Plans.run("failover"), Target.PRIMARY, T0, true, true, null);

        assertAll(
                () -> assertTrue(gone.gaveUp()),
                () -> assertEquals("NONE", outcome(gone.status())),
                () -> assertTrue(deleting.gaveUp()),
                () -> assertFalse(deleting.synced()));
    }

    @Test
    void checkSync_readsTheDrRegionOnly() {
        efs.record(DR_REGION, DR, PRIMARY, "ENABLED", T0).unreachable(PRIMARY_REGION);

        assertTrue(sync(T0.minusSeconds(1), true, false, null).synced());
    }

    @Test
    void checkSync_whenDryRun_readsNothing() {
        efs.unreachable(DR_REGION);

        SyncCheck check = failback.checkSync(plan, Plans.dryRun("failback"), Target.DR, T0, true, false, null);

        assertAll(() -> assertTrue(check.synced()), () -> assertEquals("DRY_RUN", outcome(check.status())));
    }

    @Test
    void cleanUpStale_whenRunAgainAfterTheRepair_stillSaysItRepaired() {
        efs.record(PRIMARY_REGION, PRIMARY, DR, "ENABLED", T0);
        CleanupResult deleting = failback.cleanUpStale(plan, Plans.run("failback"), null);
        efs.forget(PRIMARY_REGION);
        CleanupResult repaired = failback.cleanUpStale(plan, Plans.run("failback"), deleting);

        CleanupResult again = failback.cleanUpStale(plan, Plans.run("failback"), repaired);

        assertAll(() -> assertEquals("DELETED_STALE", outcome(again.action())), () -> assertEquals(3, again.polls()));
    }

    @Test
    void replicate_whenThePairExists_keepsItsCreationTimeAsTheEvidenceBaseline() {
        efs.record(
                DR_REGION,
                new ReplicationView(
                        DR.fileSystemId(),
                        DR_REGION,
                        PRIMARY.fileSystemId(),
                        PRIMARY_REGION,
                        ReplicationStatus.ENABLED,
                        null,
                        null,
                        T0.minusSeconds(500)));

        ReplicationSetup setup = failback.replicate(plan, Plans.run("failback"), Target.DR, null);

        assertAll(
                () -> assertEquals("ALREADY_EXISTS", outcome(setup.action())),
                () -> assertEquals(T0.minusSeconds(500), setup.createdAt()));
    }

    @Test
    void checkSync_whenTheDrRegionRecordsOnlyTheOtherDirection_refuses() {
        efs.record(DR_REGION, PRIMARY, DR, "ENABLED", T0.plusSeconds(5));

        assertThrows(UnsafeStateException.class, () -> sync(T0, true, false, null));
    }
}
