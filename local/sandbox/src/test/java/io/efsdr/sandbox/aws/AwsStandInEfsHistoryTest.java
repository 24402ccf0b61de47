package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.EfsModel.Interval;
import io.efsdr.sandbox.aws.EfsModel.ReplicationHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;

/**
 * The EFS ground truth (writable spans, replication history) after a failover and a failback made
 * through the SDK over HTTP, read long after the transitions were due.
 */
class AwsStandInEfsHistoryTest extends TwoRegionEfsTest {
    private static final Duration LAG = Duration.ofSeconds(30);
    private static final Duration PROMOTION = Duration.ofSeconds(60);
    private static final Duration SKEW = Duration.ofSeconds(20);

    @Override
    void configure(EfsModel efs) {
        efs.setSideDeletionSkew(SKEW);
    }

    @Test
    void history_whenSeeded_primaryWritableSinceCreationAndDestinationNever() {
        Instant primaryCreated = primary.describeFileSystems(r -> r.fileSystemId(PRIMARY_FS))
                .fileSystems()
                .getFirst()
                .creationTime();
        List<Interval> primarySpans = standIn.efs().writableHistory(PRIMARY_FS);

        assertEquals(1, primarySpans.size());
        assertEquals(primaryCreated, primarySpans.getFirst().from().truncatedTo(ChronoUnit.MILLIS));
        assertNull(primarySpans.getFirst().to());
        assertTrue(primaryCreated.isBefore(clock.instant().minus(Duration.ofHours(23))), "seeded a day ago");
        assertEquals(List.of(), standIn.efs().writableHistory(DR_FS));
        ReplicationHistory seeded = standIn.efs().replicationHistory().getFirst();
        assertEquals(PRIMARY_FS, seeded.sourceFileSystemId());
        assertEquals(DR_FS, seeded.destinationFileSystemId());
        assertFalse(seeded.createdAt().isBefore(primarySpans.getFirst().from()));
        assertNotNull(seeded.lastReplicatedAt());
        assertNull(seeded.destinationReleasedAt());
    }

    @Test
    void history_whenReadLate_recordsEachTransitionAtTheInstantItWasDue() {
        Instant created = standIn.efs().writableHistory(PRIMARY_FS).getFirst().from();

        Instant beforeFailover = clock.instant();
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        Instant afterFailover = clock.instant();
        clock.advance(Duration.ofMinutes(10));

        ReplicationHistory failover = standIn.efs().replicationHistory().getFirst();
        Instant failoverDeletedAt = failover.lastReplicatedAt().plus(LAG);
        assertFalse(failoverDeletedAt.isBefore(beforeFailover), "sync stopped when deletion began");
        assertFalse(failoverDeletedAt.isAfter(afterFailover));
        Instant drWritableFrom = failoverDeletedAt.plus(PROMOTION);
        assertEquals(drWritableFrom, failover.destinationReleasedAt(), "the caller region's record");
        assertEquals(List.of(new Interval(drWritableFrom, null)), standIn.efs().writableHistory(DR_FS));

        Instant beforeProtect = clock.instant();
        primary.updateFileSystemProtection(r ->
                r.fileSystemId(PRIMARY_FS).replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED));
        Instant afterProtect = clock.instant();
        Instant beforeCreate = clock.instant();
        dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY)));
        Instant afterCreate = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        Instant beforeFailback = clock.instant();
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS));
        clock.advance(Duration.ofHours(1));

        List<ReplicationHistory> history = standIn.efs().replicationHistory();
        assertEquals(2, history.size());
        assertEquals(failover, history.getFirst(), "a finished replication's history stays as it was");
        ReplicationHistory back = history.get(1);
        assertEquals(DR_FS, back.sourceFileSystemId());
        assertEquals(PRIMARY_FS, back.destinationFileSystemId());
        assertFalse(back.createdAt().isBefore(beforeCreate));
        assertFalse(back.createdAt().isAfter(afterCreate));
        Instant failbackDeletedAt = back.lastReplicatedAt().plus(LAG);
        assertFalse(failbackDeletedAt.isBefore(beforeFailback), "sync ran until deletion began");
        Instant primaryWritableFrom = failbackDeletedAt.plus(PROMOTION).plus(SKEW);
        assertEquals(
                primaryWritableFrom,
                back.destinationReleasedAt(),
                "the destination region did not receive the delete: its record went SKEW later");

        List<Interval> primarySpans = standIn.efs().writableHistory(PRIMARY_FS);
        assertEquals(2, primarySpans.size());
        assertEquals(created, primarySpans.get(0).from());
        Instant protectedAt = primarySpans.get(0).to();
        assertFalse(protectedAt.isBefore(beforeProtect), "DISABLED ended the first span");
        assertFalse(protectedAt.isAfter(afterProtect));
        assertEquals(new Interval(primaryWritableFrom, null), primarySpans.get(1));
        assertEquals(List.of(new Interval(drWritableFrom, null)), standIn.efs().writableHistory(DR_FS));
    }

    @Test
    void replicationHistory_whenDeletedBeforeTheInitialSync_hasNoLastReplicated() {
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(PROMOTION.plus(SKEW));
        primary.updateFileSystemProtection(r ->
                r.fileSystemId(PRIMARY_FS).replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED));
        dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY)));
        clock.advance(Duration.ofSeconds(20));

        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS));
        clock.advance(Duration.ofMinutes(30));

        ReplicationHistory back = standIn.efs().replicationHistory().get(1);
        assertNull(back.lastReplicatedAt(), "initial sync needs 10 s enabling plus the 30 s lag");
        assertNotNull(back.destinationReleasedAt());
    }
}
