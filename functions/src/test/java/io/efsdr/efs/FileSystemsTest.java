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
import io.efsdr.error.UnsafeStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateReplicationConfigurationRequest;
import software.amazon.awssdk.services.efs.model.CreateReplicationConfigurationResponse;
import software.amazon.awssdk.services.efs.model.DeleteReplicationConfigurationRequest;
import software.amazon.awssdk.services.efs.model.DeleteReplicationConfigurationResponse;
import software.amazon.awssdk.services.efs.model.DeletionMode;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.DescribeReplicationConfigurationsRequest;
import software.amazon.awssdk.services.efs.model.DescribeReplicationConfigurationsResponse;
import software.amazon.awssdk.services.efs.model.Destination;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemProtectionDescription;
import software.amazon.awssdk.services.efs.model.ReplicationAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.ReplicationConfigurationDescription;
import software.amazon.awssdk.services.efs.model.ReplicationNotFoundException;
import software.amazon.awssdk.services.efs.model.ReplicationOverwriteProtection;
import software.amazon.awssdk.services.efs.model.ReplicationStatus;
import software.amazon.awssdk.services.efs.model.UpdateFileSystemProtectionRequest;
import software.amazon.awssdk.services.efs.model.UpdateFileSystemProtectionResponse;

/** How FileSystems turns the SDK's answers into views and expected outcomes, below the wire. */
class FileSystemsTest {
    private final ScriptedEfs client = new ScriptedEfs();
    private final List<String> regions = new ArrayList<>();
    private final FileSystems fileSystems = new FileSystems(region -> {
        regions.add(region);
        return client;
    });

    @Test
    void replications_flattensEveryDestinationIntoAView() {
        client.replications = DescribeReplicationConfigurationsResponse.builder()
                .replications(ReplicationConfigurationDescription.builder()
                        .sourceFileSystemId(PRIMARY.fileSystemId())
                        .sourceFileSystemRegion(PRIMARY_REGION)
                        .creationTime(T0)
                        .destinations(Destination.builder()
                                .fileSystemId(DR.fileSystemId())
                                .region(DR_REGION)
                                .status("ENABLED")
                                .statusMessage("fine")
                                .lastReplicatedTimestamp(T0.plusSeconds(60))
                                .build())
                        .build())
                .build();

        List<ReplicationView> views = fileSystems.replications(DR_REGION, DR.fileSystemId());

        assertAll(
                () -> assertEquals(
                        List.of(new ReplicationView(
                                PRIMARY.fileSystemId(),
                                PRIMARY_REGION,
                                DR.fileSystemId(),
                                DR_REGION,
                                ReplicationStatus.ENABLED,
                                "fine",
                                T0.plusSeconds(60),
                                T0)),
                        views),
                () -> assertEquals(DR.fileSystemId(), client.describedReplicationsOf),
                () -> assertEquals(List.of(DR_REGION), regions));
    }

    @Test
    void replications_whenEfsAnswersReplicationNotFound_isEmpty() {
        client.failure = ReplicationNotFoundException.builder()
                .message("none")
                .statusCode(404)
                .build();

        assertEquals(List.of(), fileSystems.replications(DR_REGION, DR.fileSystemId()));
    }

    @Test
    void replications_whenThrottledPastTheRetries_isAnUnavailableDependency() {
        client.failure = EfsException.builder()
                .statusCode(429)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ThrottlingException")
                        .errorMessage("slow down")
                        .build())
                .build();

        assertThrows(
                DependencyUnavailableException.class, () -> fileSystems.replications(DR_REGION, DR.fileSystemId()));
    }

    @Test
    void protection_readsTheOverwriteProtection() {
        client.fileSystems = List.of(FileSystemDescription.builder()
                .fileSystemId(DR.fileSystemId())
                .fileSystemProtection(FileSystemProtectionDescription.builder()
                        .replicationOverwriteProtection("REPLICATING")
                        .build())
                .build());

        assertAll(
                () -> assertEquals(
                        ReplicationOverwriteProtection.REPLICATING,
                        fileSystems.protection(DR_REGION, DR.fileSystemId())),
                () -> assertEquals(DR.fileSystemId(), client.describedFileSystem),
                () -> assertTrue(fileSystems.exists(DR_REGION, DR.fileSystemId())));
    }

    @Test
    void protection_whenEfsReportsNone_isEnabled() {
        client.fileSystems = List.of(
                FileSystemDescription.builder().fileSystemId(DR.fileSystemId()).build());

        assertEquals(ReplicationOverwriteProtection.ENABLED, fileSystems.protection(DR_REGION, DR.fileSystemId()));
    }

    @Test
    void protection_whenTheFileSystemDoesNotExist_isUnsafe() {
        client.failure = FileSystemNotFoundException.builder()
                .message("gone")
                .statusCode(404)
                .build();

        assertAll(
                () -> assertThrows(
                        UnsafeStateException.class, () -> fileSystems.protection(DR_REGION, DR.fileSystemId())),
                () -> assertFalse(fileSystems.exists(DR_REGION, DR.fileSystemId())),
                () -> assertTrue(
                        fileSystems.describe(DR_REGION, DR.fileSystemId()).isEmpty()));
    }

    @Test
    void exists_whenTheAnswerListsNoFileSystem_isFalse() {
        client.fileSystems = List.of();

        assertFalse(fileSystems.exists(DR_REGION, DR.fileSystemId()));
    }

    @Test
    void accessPointCount_countsEveryPage() {
        client.accessPointPages = List.of(
                DescribeAccessPointsResponse.builder()
                        .accessPoints(ap(), ap())
                        .nextToken("p2")
                        .build(),
                DescribeAccessPointsResponse.builder()
                        .accessPoints(ap())
                        .nextToken("p3")
                        .build(),
                DescribeAccessPointsResponse.builder()
                        .accessPoints(ap(), ap(), ap())
                        .nextToken("")
                        .build());

        assertAll(
                () -> assertEquals(6, fileSystems.accessPointCount(DR_REGION, DR.fileSystemId())),
                () -> assertEquals(Arrays.asList(null, "p2", "p3"), client.accessPointTokens));
    }

    @Test
    void accessPointCount_stopsWhenThereIsNoNextToken() {
        client.accessPointPages = List.of(
                DescribeAccessPointsResponse.builder().accessPoints(ap()).build());

        assertEquals(1, fileSystems.accessPointCount(DR_REGION, DR.fileSystemId()));
    }

    @Test
    void disableProtection_setsReplicationOverwriteProtectionDisabled() {
        fileSystems.disableProtection(PRIMARY_REGION, PRIMARY.fileSystemId());

        assertAll(
                () -> assertEquals(Map.of(PRIMARY.fileSystemId(), "DISABLED"), client.protectionUpdates),
                () -> assertEquals(List.of(PRIMARY_REGION), regions));
    }

    @Test
    void createReplication_createsInTheSourceRegionOntoTheExistingFileSystem() {
        EfsApi.Creation creation = fileSystems.createReplication(DR, PRIMARY);

        CreateReplicationConfigurationRequest request = client.created;
        assertAll(
                () -> assertTrue(creation.created()),
                () -> assertEquals(T0, creation.createdAt()),
                () -> assertEquals(DR.fileSystemId(), request.sourceFileSystemId()),
                () -> assertEquals(
                        PRIMARY.fileSystemId(), request.destinations().get(0).fileSystemId()),
                () -> assertEquals(PRIMARY_REGION, request.destinations().get(0).region()),
                () -> assertEquals(List.of(DR_REGION), regions));
    }

    @Test
    void createReplication_whenEfsAnswersReplicationAlreadyExists_isNotCreated() {
        client.failure = ReplicationAlreadyExistsException.builder()
                .message("exists")
                .statusCode(409)
                .build();

        EfsApi.Creation creation = fileSystems.createReplication(DR, PRIMARY);

        assertAll(() -> assertFalse(creation.created()), () -> assertNull(creation.createdAt()));
    }

    @Test
    void createReplication_whenEfsAnswersAnotherConflict_isUnsafe() {
        client.failure = EfsException.builder()
                .statusCode(409)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ConflictException")
                        .errorMessage("no")
                        .build())
                .build();

        assertThrows(UnsafeStateException.class, () -> fileSystems.createReplication(DR, PRIMARY));
    }

    @Test
    void deleteReplication_passesTheSourceIdAndTheMode() {
        fileSystems.deleteReplication(DR_REGION, PRIMARY.fileSystemId(), DeletionMode.LOCAL_CONFIGURATION_ONLY);

        assertAll(
                () -> assertEquals(PRIMARY.fileSystemId(), client.deleted.sourceFileSystemId()),
                () -> assertEquals(DeletionMode.LOCAL_CONFIGURATION_ONLY, client.deleted.deletionMode()),
                () -> assertEquals(List.of(DR_REGION), regions));
    }

    @Test
    void deleteReplication_whenAlreadyGone_isDone() {
        client.failure = ReplicationNotFoundException.builder()
                .message("gone")
                .statusCode(404)
                .build();

        fileSystems.deleteReplication(DR_REGION, PRIMARY.fileSystemId(), DeletionMode.ALL_CONFIGURATIONS);

        assertEquals(PRIMARY.fileSystemId(), client.deleted.sourceFileSystemId());
    }

    private static AccessPointDescription ap() {
        return AccessPointDescription.builder().fileSystemId(DR.fileSystemId()).build();
    }

    /** An SDK EFS client that answers from fields and remembers the requests. */
    private static final class ScriptedEfs implements EfsClient {
        RuntimeException failure;
        DescribeReplicationConfigurationsResponse replications =
                DescribeReplicationConfigurationsResponse.builder().build();
        List<FileSystemDescription> fileSystems = List.of();
        List<DescribeAccessPointsResponse> accessPointPages = List.of();
        final List<String> accessPointTokens = new ArrayList<>();
        final Map<String, String> protectionUpdates = new HashMap<>();
        String describedReplicationsOf;
        String describedFileSystem;
        CreateReplicationConfigurationRequest created;
        DeleteReplicationConfigurationRequest deleted;

        private void fail() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public DescribeReplicationConfigurationsResponse describeReplicationConfigurations(
                DescribeReplicationConfigurationsRequest request) {
            describedReplicationsOf = request.fileSystemId();
            fail();
            return replications;
        }

        @Override
        public DescribeFileSystemsResponse describeFileSystems(DescribeFileSystemsRequest request) {
            describedFileSystem = request.fileSystemId();
            fail();
            return DescribeFileSystemsResponse.builder()
                    .fileSystems(fileSystems)
                    .build();
        }

        @Override
        public DescribeAccessPointsResponse describeAccessPoints(DescribeAccessPointsRequest request) {
            fail();
            accessPointTokens.add(request.nextToken());
            return accessPointPages.get(accessPointTokens.size() - 1);
        }

        @Override
        public UpdateFileSystemProtectionResponse updateFileSystemProtection(
                UpdateFileSystemProtectionRequest request) {
            fail();
            protectionUpdates.put(request.fileSystemId(), request.replicationOverwriteProtectionAsString());
            return UpdateFileSystemProtectionResponse.builder().build();
        }

        @Override
        public CreateReplicationConfigurationResponse createReplicationConfiguration(
                CreateReplicationConfigurationRequest request) {
            created = request;
            fail();
            return CreateReplicationConfigurationResponse.builder()
                    .creationTime(T0)
                    .build();
        }

        @Override
        public DeleteReplicationConfigurationResponse deleteReplicationConfiguration(
                DeleteReplicationConfigurationRequest request) {
            deleted = request;
            fail();
            return DeleteReplicationConfigurationResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "elasticfilesystem";
        }

        @Override
        public void close() {}
    }
}
