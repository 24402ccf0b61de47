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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.Site;
import io.efsdr.plan.StopRecheck;
import io.efsdr.plan.Target;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/** What promotion deletes, in which mode, and when it calls the file system writable. */
class PromotionTest {
    private static final Instant LAST_SYNC = T0.minusSeconds(60);
    private final DrPlan plan = Plans.plan();
    private final TestClock clock = new TestClock(T0);
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR, "REPLICATING");
    private final Promotion promotion = new Promotion(efs, clock);

    static String outcome(Object value) {
        return String.valueOf(value);
    }

    @Test
    void promote_whenTheSourceRegionAnswers_deletesBothSidesWithAllConfigurationsOnly() {
        efs.replicating(PRIMARY, DR, "ENABLED", LAST_SYNC);

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, null, null);

        assertAll(
                () -> assertEquals("DELETED", outcome(result.action())),
                () -> assertEquals("ALL_CONFIGURATIONS", outcome(result.deletionMode())),
                () -> assertEquals(
                        List.of("delete " + DR_REGION + " " + PRIMARY.fileSystemId() + " ALL_CONFIGURATIONS"),
                        efs.writes()));
    }

    @Test
    void promote_whenAllConfigurationsFailsAndTheSourceRegionIsDown_deletesTheLocalSideOnly() {
        efs.record(DR_REGION, PRIMARY, DR, "ENABLED", LAST_SYNC)
                .unreachable(PRIMARY_REGION)
                .failDeletes(DeletionMode.ALL_CONFIGURATIONS, new DependencyUnavailableException("EFS did not answer"));

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, null, null);

        assertAll(
                () -> assertEquals("DELETED_LOCAL_ONLY", outcome(result.action())),
                () -> assertEquals("LOCAL_CONFIGURATION_ONLY", outcome(result.deletionMode())),
                () -> assertEquals(
                        List.of(
                                "delete " + DR_REGION + " " + PRIMARY.fileSystemId() + " ALL_CONFIGURATIONS",
                                "delete " + DR_REGION + " " + PRIMARY.fileSystemId() + " LOCAL_CONFIGURATION_ONLY"),
                        efs.writes()),
                () -> assertEquals(FailoverMode.UNGRACEFUL, result.mode()));
    }

    @Test
    void promote_whenAllConfigurationsIsRefusedAndTheSourceRegionIsDown_deletesTheLocalSideOnly() {
        efs.record(DR_REGION, PRIMARY, DR, "ENABLED", LAST_SYNC)
                .unreachable(PRIMARY_REGION)
                .failDeletes(DeletionMode.ALL_CONFIGURATIONS, new UnsafeStateException("refused"));

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, null, null);

        assertEquals("DELETED_LOCAL_ONLY", outcome(result.action()));
    }

    @Test
    void promote_whenAllConfigurationsFailsButTheSourceRegionAnswers_failsWithoutALocalOnlyDelete() {
        DependencyUnavailableException failure = new DependencyUnavailableException("EFS did not answer");
        efs.replicating(PRIMARY, DR, "ENABLED", LAST_SYNC).failDeletes(DeletionMode.ALL_CONFIGURATIONS, failure);

        DependencyUnavailableException thrown = assertThrows(
                DependencyUnavailableException.class,
                () -> promotion.promote(plan, Plans.run("failover"), Target.DR, null, null));

        assertAll(
                () -> assertSame(failure, thrown),
                () -> assertEquals(
                        List.of("delete " + DR_REGION + " " + PRIMARY.fileSystemId() + " ALL_CONFIGURATIONS"),
                        efs.writes()));
    }

    @Test
    void promote_whenTheSourceRegionAnswersButItsFileSystemIsGone_deletesTheLocalSideOnly() {
        FakeEfs noPrimary = new FakeEfs()
                .fileSystem(DR, "REPLICATING")
                .record(DR_REGION, PRIMARY, DR, "ENABLED", LAST_SYNC)
                .failDeletes(DeletionMode.ALL_CONFIGURATIONS, new UnsafeStateException("FileSystemNotFound"));

        PromotionResult result =
                new Promotion(noPrimary, clock).promote(plan, Plans.run("failover"), Target.DR, null, null);

        assertEquals("DELETED_LOCAL_ONLY", outcome(result.action()));
    }

    @Test
    void promote_whenPermissionIsDenied_failsWithoutALocalOnlyDelete() {
        efs.record(DR_REGION, PRIMARY, DR, "ENABLED", LAST_SYNC)
                .unreachable(PRIMARY_REGION)
                .failDeletes(DeletionMode.ALL_CONFIGURATIONS, new PermissionDeniedException("AccessDenied"));

        assertThrows(
                PermissionDeniedException.class,
                () -> promotion.promote(plan, Plans.run("failover"), Target.DR, null, null));
        assertEquals(1, efs.writes().size());
    }

    @Test
    void promote_whenTheRegionRecordsAnotherConfigurationOfTheFileSystem_refusesAndDeletesNothing() {
        Site other = new Site(PRIMARY_REGION, "shop-primary", "fs-0aaaaaaaaaaaaaaaa");
        efs.record(DR_REGION, DR, other, "ENABLED", LAST_SYNC);

        UnsafeStateException e = assertThrows(
                UnsafeStateException.class,
                () -> promotion.promote(plan, Plans.run("failover"), Target.DR, null, null));

        assertAll(
                () -> assertTrue(e.getMessage().contains("refusing to promote"), e.getMessage()),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void promote_whenTheRegionRecordsTheReverseDirection_refusesAndDeletesNothing() {
        efs.replicating(DR, PRIMARY, "ENABLED", LAST_SYNC);

        assertThrows(
                UnsafeStateException.class,
                () -> promotion.promote(plan, Plans.run("failover"), Target.DR, null, null));
        assertEquals(List.of(), efs.writes());
    }

    @Test
    void promote_whenNoReplicationIsRecorded_isAlreadyPromotedAndDeletesNothing() {
        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, T0, null);

        assertAll(
                () -> assertEquals("ALREADY_PROMOTED", outcome(result.action())),
                () -> assertNull(result.deletionMode()),
                () -> assertEquals(T0, result.writersStoppedAt()),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void promote_whenTheReplicationIsAlreadyDeleting_deletesNothingAgain() {
        efs.replicating(PRIMARY, DR, "DELETING", LAST_SYNC);

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, null, null);

        assertAll(
                () -> assertEquals("ALREADY_DELETING", outcome(result.action())),
                () -> assertNull(result.deletionMode()),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void promote_whenDryRun_deletesNothing() {
        efs.replicating(PRIMARY, DR, "ENABLED", LAST_SYNC);

        PromotionResult result = promotion.promote(plan, Plans.dryRun("failover"), Target.DR, null, null);

        assertAll(() -> assertEquals("DRY_RUN", outcome(result.action())), () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void promote_whenTheTargetIsThePrimary_deletesDrToPrimaryFromThePrimaryRegion() {
        efs.replicating(DR, PRIMARY, "ENABLED", LAST_SYNC);

        promotion.promote(plan, Plans.run("failback"), Target.PRIMARY, T0, null);

        assertEquals(
                List.of("delete " + PRIMARY_REGION + " " + DR.fileSystemId() + " ALL_CONFIGURATIONS"), efs.writes());
    }

    @Test
    void promote_whenAFinalSyncPassedTheWritersStop_provesNoLoss() {
        Instant stopped = T0.minusSeconds(30);
        efs.replicating(PRIMARY, DR, "ENABLED", LAST_SYNC);
        SyncCheck finalSync =
                new SyncCheck(true, "ENABLED", stopped.plusSeconds(5), 0L, stopped, 3, T0, "", T0, T0, false);

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, stopped, finalSync);

        assertAll(
                () -> assertTrue(result.dataLossProven()),
                () -> assertEquals(0L, result.dataLossWindowSeconds()),
                () -> assertEquals(FailoverMode.GRACEFUL, result.mode()),
                () -> assertEquals(stopped.plusSeconds(5), result.lastReplicatedAt()),
                () -> assertEquals(T0, result.startedAt()));
    }

    @Test
    void assess_whenReplicatingWithinTheRpo_measuresTheWindowFromTheLastSync() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(120));

        ReplicationAssessment assessment = promotion.assess(plan);

        assertAll(
                () -> assertEquals(120L, assessment.dataLossWindowSeconds()),
                () -> assertTrue(assessment.withinRpo()),
                () -> assertFalse(assessment.alreadyPromoted()),
                () -> assertEquals("ENABLED", outcome(assessment.replicationStatus())),
                () -> assertEquals(PRIMARY.fileSystemId(), assessment.sourceFileSystemId()),
                () -> assertEquals(ReplicationOverwriteProtection.REPLICATING, assessment.protection()));
    }

    @Test
    void assess_whenTheLastSyncIsOlderThanTheRpo_isNotWithinIt() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(901));

        ReplicationAssessment assessment = promotion.assess(plan);

        assertAll(
                () -> assertEquals(901L, assessment.dataLossWindowSeconds()),
                () -> assertFalse(assessment.withinRpo()),
                () -> assertTrue(assessment.summary().contains("EXCEEDED"), assessment.summary()));
    }

    @Test
    void assess_whenTheLastSyncIsExactlyTheRpoOld_isWithinIt() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(900));

        assertTrue(promotion.assess(plan).withinRpo());
    }

    @Test
    void assess_whenNoSyncEverCompleted_hasNoWindowAndIsNotWithinTheRpo() {
        efs.replicating(PRIMARY, DR, "ENABLING", null);

        ReplicationAssessment assessment = promotion.assess(plan);

        assertAll(() -> assertNull(assessment.dataLossWindowSeconds()), () -> assertFalse(assessment.withinRpo()));
    }

    @Test
    void assess_whenNothingIsRecordedAndTheFileSystemIsWritable_isAlreadyPromoted() {
        FakeEfs promoted = new FakeEfs().fileSystem(DR, "ENABLED");

        ReplicationAssessment assessment = new Promotion(promoted, clock).assess(plan);

        assertAll(
                () -> assertTrue(assessment.alreadyPromoted()),
                () -> assertEquals("NONE", outcome(assessment.replicationStatus())));
    }

    @Test
    void assess_whenNothingIsRecordedButTheFileSystemIsReadOnly_isNotPromoted() {
        ReplicationAssessment assessment = promotion.assess(plan);

        assertFalse(assessment.alreadyPromoted());
    }

    @Test
    void checkPromoted_whenNothingIsRecordedAndTheFileSystemIsWritable_isPromotedAndNamesTheLostAndFound() {
        FakeEfs promoted = new FakeEfs().fileSystem(DR, "ENABLED");

        PromotionCheck check =
                new Promotion(promoted, clock).checkPromoted(plan, Plans.run("failover"), Target.DR, null);

        assertAll(
                () -> assertTrue(check.promoted()),
                () -> assertEquals(
                        "efs-replication-lost+found-" + PRIMARY.fileSystemId() + "-<timestamp>", check.lostAndFound()),
                () -> assertNull(check.localDeletionAt()));
    }

    @Test
    void checkPromoted_whenNothingIsRecordedButProtectionIsNotYetEnabled_waits() {
        PromotionCheck check = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);

        assertAll(
                () -> assertFalse(check.promoted()),
                () -> assertEquals("NONE", outcome(check.replicationStatus())),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void checkPromoted_whenStillDeletingAndTheSourceIsDownForTheLocalDeletionBound_deletesTheLocalSideOnce() {
        efs.record(DR_REGION, PRIMARY, DR, "DELETING", LAST_SYNC).unreachable(PRIMARY_REGION);
        PromotionCheck first = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);
        clock.advanceSeconds(299);
        PromotionCheck before = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, first);
        clock.advanceSeconds(1);

        PromotionCheck at = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, before);
        clock.advanceSeconds(60);
        PromotionCheck after = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, at);

        assertAll(
                () -> assertNull(before.localDeletionAt()),
                () -> assertEquals(T0.plusSeconds(300), at.localDeletionAt()),
                () -> assertFalse(at.promoted()),
                () -> assertEquals(T0.plusSeconds(300), after.localDeletionAt()),
                () -> assertEquals(
                        List.of("delete " + DR_REGION + " " + PRIMARY.fileSystemId() + " LOCAL_CONFIGURATION_ONLY"),
                        efs.writes()));
    }

    @Test
    void checkPromoted_whenStillDeletingButTheSourceRegionAnswers_neverDeletesLocally() {
        efs.replicating(PRIMARY, DR, "DELETING", LAST_SYNC);
        PromotionCheck first = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);
        clock.advanceSeconds(600);

        PromotionCheck later = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, first);

        assertAll(() -> assertNull(later.localDeletionAt()), () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void checkPromoted_whenEnabledAndTheSourceIsDown_doesNotDeleteLocally() {
        efs.record(DR_REGION, PRIMARY, DR, "ENABLED", LAST_SYNC).unreachable(PRIMARY_REGION);
        PromotionCheck first = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);
        clock.advanceSeconds(600);

        promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, first);

        assertEquals(List.of(), efs.writes());
    }

    @Test
    void checkPromoted_whenPromotedAfterALocalDeletion_saysSo() {
        efs.record(DR_REGION, PRIMARY, DR, "DELETING", LAST_SYNC).unreachable(PRIMARY_REGION);
        PromotionCheck first = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);
        clock.advanceSeconds(300);
        PromotionCheck deleted = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, first);
        efs.forget(DR_REGION).fileSystem(DR, "ENABLED");
        clock.advanceSeconds(10);

        PromotionCheck done = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, deleted);

        assertAll(
                () -> assertTrue(done.promoted()),
                () -> assertEquals(T0.plusSeconds(300), done.localDeletionAt()),
                () -> assertTrue(done.summary().contains("LOCAL_CONFIGURATION_ONLY"), done.summary()),
                () -> assertEquals(3, done.polls()));
    }

    @Test
    void checkPromoted_pastThePromotionBound_failsNamingTheState() {
        efs.replicating(PRIMARY, DR, "DELETING", LAST_SYNC);
        PromotionCheck first = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, null);
        clock.advanceSeconds(1800);
        PromotionCheck atBound = promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, first);
        clock.advanceSeconds(1);

        StepTimeoutException e = assertThrows(
                StepTimeoutException.class,
                () -> promotion.checkPromoted(plan, Plans.run("failover"), Target.DR, atBound));

        assertTrue(e.getMessage().contains("DELETING"), e.getMessage());
    }

    @Test
    void checkPromoted_whenDryRun_readsNothingAndIsDone() {
        FakeEfs silent = new FakeEfs().unreachable(DR_REGION).unreachable(PRIMARY_REGION);

        PromotionCheck check =
                new Promotion(silent, clock).checkPromoted(plan, Plans.dryRun("failover"), Target.DR, null);

        assertAll(
                () -> assertTrue(check.promoted()), () -> assertEquals("DRY_RUN", outcome(check.replicationStatus())));
    }

    @Test
    void reachable_isTrueOnlyWhenTheRegionAnswersAndKnowsTheFileSystem() {
        FakeEfs world = new FakeEfs().fileSystem(DR).unreachable(PRIMARY_REGION);
        Promotion probe = new Promotion(world, clock);

        assertAll(
                () -> assertTrue(probe.reachable(DR)),
                () -> assertFalse(probe.reachable(PRIMARY)),
                () -> assertFalse(probe.reachable(new Site(DR_REGION, "shop-dr", "fs-0ccccccccccccccc0"))));
    }

    @Test
    void promote_whenTheFinalSyncRecordedNoTimestamp_measuresFromTheReplicationsLastSync() {
        Instant stopped = T0.minusSeconds(30);
        efs.replicating(PRIMARY, DR, "ENABLED", LAST_SYNC);
        SyncCheck finalSync = new SyncCheck(false, "ENABLED", null, null, stopped, 3, T0, "", T0, T0, true);

        PromotionResult result = promotion.promote(plan, Plans.run("failover"), Target.DR, stopped, finalSync);

        assertAll(
                () -> assertFalse(result.dataLossProven()),
                () -> assertEquals(30L, result.dataLossWindowSeconds()),
                () -> assertEquals(LAST_SYNC, result.lastReplicatedAt()));
    }

    // The failback's re-read of DR before the primary is promoted (issue 20, a world generator's
    // finding: an Argo CD the orchestrator cannot see scaled DR back up after the quiesce's hold).

    private static final Instant QUIESCED = T0.minusSeconds(120);

    private final SyncCheck failbackSynced = new SyncCheck(
            true,
            "ENABLED",
            QUIESCED.plusSeconds(5),
            60L,
            QUIESCED,
            3,
            T0.plusSeconds(600),
            "synced",
            QUIESCED,
            T0,
            false);

    private PromotionResult failbackPromote(
            List<Site> reread, StopRecheck.Evidence evidence, SyncCheck finalSync, boolean restopped) {
        FakeEfs fileSystems = new FakeEfs().fileSystem(DR).fileSystem(PRIMARY, "REPLICATING");
        fileSystems.replicating(DR, PRIMARY, "ENABLED", QUIESCED.plusSeconds(5));
        efsWrites = fileSystems;
        StopRecheck recheck = (site, workloads, concurrency, fingerprint, since, fence) -> {
            reread.add(site);
            return evidence;
        };
        return new Promotion(fileSystems, clock, recheck, (region, fs, start, end) -> {
                    throw new AssertionError("the failback reads no CloudWatch metrics");
                })
                .promote(plan, Plans.run("failback"), Target.PRIMARY, QUIESCED, finalSync, "fp", restopped, null);
    }

    private FakeEfs efsWrites;

    @Test
    void promote_inAFailbackWhoseDrWasScaledBackUp_rereadsDrAndWithholdsTheDelete() {
        List<Site> reread = new java.util.ArrayList<>();

        PromotionResult result = failbackPromote(
                reread,
                new StopRecheck.Evidence(true, 2, "scaled back up in dr: shop/Deployment/w1"),
                failbackSynced,
                false);

        assertAll(
                () -> assertEquals(List.of(DR), reread),
                () -> assertEquals(PromotionAction.WITHHELD, result.action()),
                () -> assertEquals(PrimaryRecheckOutcome.CHANGED, result.recheck()),
                () -> assertTrue(result.summary().contains("DR changed after it was seen stopped"), result.summary()),
                () -> assertEquals(List.of(), efsWrites.writes(), "nothing deleted"));
    }

    @Test
    void promote_inAFailbackWhoseDrChangedAgainAfterItsRestop_theWindowIsUnprovenAndNothingIsDeleted() {
        PromotionResult result = failbackPromote(
                new java.util.ArrayList<>(),
                new StopRecheck.Evidence(true, 0, "scaled back up in dr"),
                failbackSynced,
                true);

        assertAll(
                () -> assertEquals(PromotionAction.WITHHELD, result.action()),
                () -> assertEquals(PrimaryRecheckOutcome.UNPROVEN, result.recheck()),
                () -> assertFalse(result.dataLossProven()),
                () -> assertFalse(result.unprovenSync().synced()),
                () -> assertTrue(
                        result.unprovenSync().unprovenBecause().startsWith("DR's workloads changed again"),
                        result.unprovenSync().unprovenBecause()),
                () -> assertEquals(List.of(), efsWrites.writes(), "nothing deleted"));
    }

    @Test
    void promote_inAFailbackWhoseDrStayedStopped_deletesWithTheProof() {
        PromotionResult result = failbackPromote(
                new java.util.ArrayList<>(),
                new StopRecheck.Evidence(false, 0, "still stopped"),
                failbackSynced,
                false);

        assertAll(
                () -> assertEquals(PromotionAction.DELETED, result.action()),
                () -> assertEquals(PrimaryRecheckOutcome.UNCHANGED, result.recheck()),
                () -> assertTrue(result.dataLossProven()),
                () -> assertEquals(
                        MetricEvidenceOutcome.NOT_CHECKED,
                        result.metricEvidence().outcome()));
    }

    @Test
    void promote_inAFailbackApprovedWithoutTheProof_refusesWhileADrPodCanWrite() {
        SyncCheck unproven = failbackSynced.unproven("DR's workloads changed again");

        UnsafeStateException e = assertThrows(
                UnsafeStateException.class,
                () -> failbackPromote(
                        new java.util.ArrayList<>(), new StopRecheck.Evidence(true, 1, "1 pod"), unproven, true));

        assertTrue(e.getMessage().contains(DR.clusterName()), e.getMessage());
        assertEquals(List.of(), efsWrites.writes(), "nothing deleted");
    }

    private Instant fenceSeenByTheRecheck(boolean fenceStillOn) {
        Instant stopped = T0.minusSeconds(400);
        Instant propagated = T0.minusSeconds(200);
        FakeEfs fileSystems = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR, "REPLICATING");
        fileSystems.replicating(PRIMARY, DR, "ENABLED", stopped.plusSeconds(5));
        if (fenceStillOn) {
            fileSystems.policy(PRIMARY, WriteFence.fenced(null, "arn:aws:elasticfilesystem:us-east-1:1:file-system/x"));
        }
        Instant[] seen = {Instant.EPOCH};
        StopRecheck recheck = (site, workloads, concurrency, fingerprint, since, fence) -> {
            seen[0] = fence;
            return new StopRecheck.Evidence(false, 0, "still stopped");
        };
        SyncCheck finalSync =
                new SyncCheck(true, "ENABLED", stopped.plusSeconds(5), 0L, stopped, 3, T0, "", T0, T0, false);
        new Promotion(
                        fileSystems,
                        clock,
                        recheck,
                        (region, fs, start, end) -> new WriteMetrics.Periods(List.of(), List.of()))
                .promote(plan, Plans.run("failover"), Target.DR, stopped, finalSync, "fp", false, propagated);
        return seen[0];
    }

    @Test
    void promote_whenTheRunsFenceIsStillOn_letsPodsCreatedAfterItsPropagationGo() {
        assertEquals(T0.minusSeconds(200), fenceSeenByTheRecheck(true));
    }

    @Test
    void promote_whenTheRunsFenceWasRemovedSince_countsEveryPrimaryPod() {
        assertNull(fenceSeenByTheRecheck(false), "a removed fence protects nothing: every pod counts");
    }
}
