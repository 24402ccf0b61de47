package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.CreateReplicationConfigurationResponse;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.Destination;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.InternalServerErrorException;
import software.amazon.awssdk.services.efs.model.ReplicationAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.ReplicationConfigurationDescription;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;

class AwsStandInEfsTest extends TwoRegionEfsTest {

    @Test
    void describesFileSystemsWithProtectionAndRejectsUnknownOrForeignIds() {
        FileSystemDescription fs =
                dr.describeFileSystems(r -> r.fileSystemId(DR_FS)).fileSystems().getFirst();
        assertEquals(DR_FS, fs.fileSystemId());
        assertEquals("available", fs.lifeCycleStateAsString());
        assertEquals(
                ReplicationOverwriteProtection.REPLICATING,
                fs.fileSystemProtection().replicationOverwriteProtection());
        assertEquals(EfsModel.arn(DR, DR_FS), fs.fileSystemArn());
        assertEquals(1, primary.describeFileSystems().fileSystems().size());
        assertThrows(
                FileSystemNotFoundException.class,
                () -> primary.describeFileSystems(r -> r.fileSystemId("fs-00000000")));
        assertThrows(FileSystemNotFoundException.class, () -> primary.describeFileSystems(r -> r.fileSystemId(DR_FS)));
        assertTrue(standIn.efs().isWritable(PRIMARY_FS));
        assertFalse(standIn.efs().isWritable(DR_FS));
    }

    @Test
    void eachRegionDescribesOnlyItsOwnFileSystemsRecords() {
        ReplicationConfigurationDescription fromDr = dr.describeReplicationConfigurations(r -> r.fileSystemId(DR_FS))
                .replications()
                .getFirst();
        assertEquals(PRIMARY_FS, fromDr.sourceFileSystemId());
        assertEquals(PRIMARY, fromDr.sourceFileSystemRegion());
        Destination destination = fromDr.destinations().getFirst();
        assertEquals(ReplicationStatus.ENABLED, destination.status());
        assertEquals(DR_FS, destination.fileSystemId());
        Instant expected = clock.instant().minusSeconds(30);
        assertTrue(Duration.between(destination.lastReplicatedTimestamp(), expected)
                        .abs()
                        .toMillis()
                < 2000);
        assertEquals(
                1,
                primary.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS))
                        .replications()
                        .size());
        assertEquals(
                1, dr.describeReplicationConfigurations(r -> {}).replications().size());
        assertThrows(
                ReplicationNotFoundException.class,
                () -> dr.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS)));
    }

    @Test
    void deletingAllConfigurationsPromotesTheDestinationAfterThePromotionDelay() {
        AtomicInteger changes = new AtomicInteger();
        standIn.addChangeListener(changes::incrementAndGet);

        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));

        assertEquals(1, changes.get());
        assertEquals(ReplicationStatus.DELETING, statusIn(dr, DR_FS));
        assertEquals(ReplicationStatus.DELETING, statusIn(primary, PRIMARY_FS));
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        assertFalse(standIn.efs().attemptWrite(DR_FS));
        assertEquals(1, standIn.efs().refusedWrites(DR_FS));

        clock.advance(Duration.ofSeconds(61));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> dr.describeReplicationConfigurations(r -> r.fileSystemId(DR_FS)));
        assertTrue(changes.get() >= 3, "time transition observed and notified");
        assertEquals(
                ReplicationStatus.DELETING,
                statusIn(primary, PRIMARY_FS),
                "the region that did not receive the delete drops its record 30 s later");
        clock.advance(Duration.ofSeconds(30));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> primary.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS)));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS)));
        assertEquals(
                ReplicationOverwriteProtection.ENABLED,
                dr.describeFileSystems(r -> r.fileSystemId(DR_FS))
                        .fileSystems()
                        .getFirst()
                        .fileSystemProtection()
                        .replicationOverwriteProtection());
        assertTrue(standIn.efs().attemptWrite(DR_FS));
        assertEquals(2, standIn.calls().successfulMutations().size(), "two deletes answered 200, idempotently");
    }

    @Test
    void deletingAllConfigurationsNeedsTheOtherRegionLocalOnlyLeavesItsRecord() {
        EfsClient drOnce = SdkClients.efs(standIn, DR, 1);
        faults.setRegionReachable(PRIMARY, false);

        InternalServerErrorException unreachable = assertThrows(
                InternalServerErrorException.class,
                () -> drOnce.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS)));
        assertTrue(unreachable.getMessage().contains(PRIMARY), unreachable.getMessage());
        assertEquals(ReplicationStatus.ENABLED, statusIn(dr, DR_FS));

        dr.deleteReplicationConfiguration(
                r -> r.sourceFileSystemId(PRIMARY_FS).deletionMode(DeletionMode.LOCAL_CONFIGURATION_ONLY));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(standIn.efs().isWritable(DR_FS));
        assertTrue(standIn.efs().replication(DR, PRIMARY_FS).isEmpty());

        faults.setRegionReachable(PRIMARY, true);
        assertEquals(ReplicationStatus.ENABLED, statusIn(primary, PRIMARY_FS), "stale record remains");
        primary.deleteReplicationConfiguration(
                r -> r.sourceFileSystemId(PRIMARY_FS).deletionMode(DeletionMode.LOCAL_CONFIGURATION_ONLY));
        clock.advance(Duration.ofSeconds(60));
        assertThrows(
                ReplicationNotFoundException.class,
                () -> primary.describeReplicationConfigurations(r -> r.fileSystemId(PRIMARY_FS)));
        drOnce.close();
    }

    @Test
    void failbackReplicationOntoAnExistingFileSystemGoesThroughEnablingAndInitialSync() {
        dr.deleteReplicationConfiguration(r -> r.sourceFileSystemId(PRIMARY_FS));
        clock.advance(Duration.ofSeconds(90));

        assertThrows(
                BadRequestException.class,
                () -> dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                        .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY))),
                "destination protection must be DISABLED first");
        primary.updateFileSystemProtection(r ->
                r.fileSystemId(PRIMARY_FS).replicationOverwriteProtection(ReplicationOverwriteProtection.DISABLED));
        assertFalse(standIn.efs().isWritable(PRIMARY_FS), "DISABLED is read-only");

        CreateReplicationConfigurationResponse created =
                dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                        .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY)));
        assertEquals(
                ReplicationStatus.ENABLING, created.destinations().getFirst().status());
        assertEquals(EfsModel.REPLICATING, standIn.efs().protection(PRIMARY_FS));
        assertThrows(
                ReplicationAlreadyExistsException.class,
                () -> primary.updateFileSystemProtection(r -> r.fileSystemId(PRIMARY_FS)
                        .replicationOverwriteProtection(ReplicationOverwriteProtection.ENABLED)));
        assertThrows(
                ReplicationAlreadyExistsException.class,
                () -> dr.createReplicationConfiguration(r -> r.sourceFileSystemId(DR_FS)
                        .destinations(d -> d.fileSystemId(PRIMARY_FS).region(PRIMARY))));

        clock.advance(Duration.ofSeconds(10));
        Destination enabled = destinationIn(primary, PRIMARY_FS);
        assertEquals(ReplicationStatus.ENABLED, enabled.status());
        assertNull(enabled.lastReplicatedTimestamp(), "initial sync not done yet");
        clock.advance(Duration.ofSeconds(30));
        assertNotNull(destinationIn(primary, PRIMARY_FS).lastReplicatedTimestamp());
        assertNotNull(destinationIn(dr, DR_FS).lastReplicatedTimestamp());
    }

    @Test
    void frozenSyncStopsAdvancingAndStatusHooksShowInBothRegions() {
        standIn.efs().freezeSync(PRIMARY_FS);
        Instant frozen = destinationIn(dr, DR_FS).lastReplicatedTimestamp();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(frozen, destinationIn(dr, DR_FS).lastReplicatedTimestamp());
        standIn.efs().resumeSync(PRIMARY_FS);
        standIn.efs().setReplicationLag(PRIMARY_FS, Duration.ofSeconds(5));
        Instant resumed = destinationIn(dr, DR_FS).lastReplicatedTimestamp();
        assertTrue(resumed.isAfter(frozen.plus(Duration.ofMinutes(9))));

        standIn.efs().setReplicationStatus(PRIMARY_FS, "ERROR", "destination file system deleted");
        Destination error = destinationIn(primary, PRIMARY_FS);
        assertEquals(ReplicationStatus.ERROR, error.status());
        assertEquals("destination file system deleted", error.statusMessage());
        assertEquals(ReplicationStatus.ERROR, destinationIn(dr, DR_FS).status());
    }

    @Test
    void describeAccessPointsPagesThroughTheSyntheticCount() {
        standIn.efs().setAccessPointCount(DR_FS, 250);
        long total =
                dr.describeAccessPointsPaginator(r -> r.fileSystemId(DR_FS).maxResults(100)).accessPoints().stream()
                        .map(ap -> ap.accessPointId())
                        .distinct()
                        .count();
        assertEquals(250, total);
        assertEquals(3, standIn.calls().count("elasticfilesystem", "DescribeAccessPoints"));
        assertThrows(FileSystemNotFoundException.class, () -> primary.describeAccessPoints(r -> r.fileSystemId(DR_FS)));
    }

    @Test
    void requestsWithoutAuthorizationAreForbidden() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/2015-02-01/file-systems"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode());
        assertTrue(standIn.calls().all().isEmpty());
    }

    private static ReplicationStatus statusIn(EfsClient client, String fsId) {
        return destinationIn(client, fsId).status();
    }

    private static Destination destinationIn(EfsClient client, String fsId) {
        return client.describeReplicationConfigurations(r -> r.fileSystemId(fsId))
                .replications()
                .getFirst()
                .destinations()
                .getFirst();
    }
}
