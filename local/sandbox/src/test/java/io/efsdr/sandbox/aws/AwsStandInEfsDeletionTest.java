package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.Destination;
import software.amazon.awssdk.services.efs.model.ReplicationAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

/** Deletion of a cross-region replication as each region sees it, through the SDK over HTTP. */
class AwsStandInEfsDeletionTest extends TwoRegionEfsTest {

    @Test
    void deleteReplication_whenDeletedFromDr_primaryRecordStaysDeletingForTheSkewAndBlocksCreate() {
        standIn.efs().setSideDeletionSkew(Duration.ofSeconds(45));

        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(Duration.ofSeconds(60));

        assertThrows(
                ReplicationNotFoundException.class,
                () -> dr.describeReplicationConfigurations(r -> r.fileSystemId(DR_FS)));
        assertTrue(standIn.efs().isWritable(DR_FS), "DR's own record is gone: promoted");
        assertEquals(
                ReplicationStatus.DELETING, destinationIn(primary, PRIMARY_FS).status());
        primary.updateFileSystemProtection(r ->
                r.fileSystemId(PRIMARY_FS).replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED));

        clock.advance(Duration.ofSeconds(44));
        assertEquals(
                ReplicationStatus.DELETING, destinationIn(primary, PRIMARY_FS).status());
        ReplicationAlreadyExistsException stillThere =
                assertThrows(ReplicationAlreadyExistsException.class, this::replicateDrOntoPrimary);
        assertEquals(409, stillThere.statusCode());
        assertEquals("ReplicationAlreadyExists", stillThere.awsErrorDetails().errorCode());

        clock.advance(Duration.ofSeconds(1));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> primary.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS)));
        replicateDrOntoPrimary();
        assertEquals(ReplicationStatus.ENABLING, destinationIn(dr, DR_FS).status());
        assertEquals(EfsModel.REPLICATING, standIn.efs().protection(PRIMARY_FS));
    }

    @Test
    void deleteReplication_whenDeletedFromSource_destinationWritableOnlyWhenItsRegionDropsRecord() {
        standIn.efs().setSideDeletionSkew(Duration.ofSeconds(45));

        primary.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(Duration.ofSeconds(60));

        assertThrows(
                ReplicationNotFoundException.class,
                () -> primary.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS)));
        assertEquals(ReplicationStatus.DELETING, destinationIn(dr, DR_FS).status());
        assertEquals(EfsModel.REPLICATING, standIn.efs().protection(DR_FS));
        assertThrows(
                ReplicationAlreadyExistsException.class,
                () -> primary.createReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS)
                        .destinations(d -> d.fileSystemId(DR_FS).region(DR))),
                "the source is free in its own region but the destination is still recorded in DR");

        clock.advance(Duration.ofSeconds(45));
        assertEquals(EfsModel.ENABLED, standIn.efs().protection(DR_FS));
        assertTrue(standIn.efs().isWritable(DR_FS));
    }

    @Test
    void deleteReplication_whenSourceRegionDownAndDeleteHangs_staysDeletingUntilLocalOnlyDelete() {
        standIn.efs().setDeleteHangsWhileSourceDown(true);
        faults.setRegionReachable(PRIMARY, false);

        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        Instant lastBefore = destinationIn(dr, DR_FS).lastReplicatedTimestamp();
        clock.advance(Duration.ofHours(6));

        Destination hung = destinationIn(dr, DR_FS);
        assertEquals(ReplicationStatus.DELETING, hung.status());
        assertEquals(lastBefore, hung.lastReplicatedTimestamp(), "sync stopped when deletion began");
        assertFalse(standIn.efs().isWritable(DR_FS));
        assertEquals(
                "ENABLED",
                standIn.efs().replication(PRIMARY, PRIMARY_FS).orElseThrow().status());
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(Duration.ofHours(1));
        assertEquals(ReplicationStatus.DELETING, destinationIn(dr, DR_FS).status(), "retry is no cure");

        dr.deleteReplicationConfiguration(
                r -> r.sourceFileSystemId(PRIMARY_FS).deletionMode(DeletionMode.LOCAL_CONFIGURATION_ONLY));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(ReplicationStatus.DELETING, destinationIn(dr, DR_FS).status());
        clock.advance(Duration.ofSeconds(1));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> dr.describeReplicationConfigurations(r -> r.fileSystemId(DR_FS)));
        assertTrue(standIn.efs().isWritable(DR_FS));

        faults.setRegionReachable(PRIMARY, true);
        Destination stale = destinationIn(primary, PRIMARY_FS);
        assertEquals(ReplicationStatus.ENABLED, stale.status(), "the unreachable side is left stale");
        assertEquals(lastBefore, stale.lastReplicatedTimestamp());
    }

    @Test
    void deleteReplication_whenLocalOnlyOnARecordAlreadyDeleting_isAcceptedAndKeepsItsSchedule() {
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(Duration.ofSeconds(30));

        dr.deleteReplicationConfiguration(
                r -> r.sourceFileSystemId(PRIMARY_FS).deletionMode(DeletionMode.LOCAL_CONFIGURATION_ONLY));
        clock.advance(Duration.ofSeconds(30));

        assertTrue(standIn.efs().replication(DR, PRIMARY_FS).isEmpty());
        assertTrue(standIn.efs().isWritable(DR_FS));
    }

    private void replicateDrOntoPrimary() {
        dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY)));
    }

    private static Destination destinationIn(EfsClient client, String fsId) {
        return client.describeReplicationConfigurations(r -> r.fileSystemId(fsId))
                .replications()
                .getFirst()
                .destinations()
                .getFirst();
    }
}
