package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;
import static io.efsdr.sandbox.aws.Operation.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** EFS over REST-JSON, paths under {@code /2015-02-01/}, errors as {@code x-amzn-ErrorType}. */
final class EfsHandler extends RestJsonService {
    private static final String PREFIX = "/2015-02-01/";
    private static final String FILE_SYSTEMS = PREFIX + "file-systems";
    private static final String REPLICATION = "/replication-configuration";
    private static final String POLICY = "/policy";
    private static final String PROTECTION = "/protection";

    /** How many mount targets each file system has: what DescribeFileSystems and DescribeMountTargets report. */
    private static final int MOUNT_TARGETS = 2;

    private final EfsModel model;

    /** The EFS model lists {@code ThrottlingException} with HTTP 429. */
    EfsHandler(EfsModel model) {
        super(
                "elasticfilesystem",
                "EFS",
                "ErrorCode",
                new FaultAnswers(
                        new ServiceError(429, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "InternalServerError", "Internal server error (injected)")));
        this.model = model;
        // EFS API reference: PutFileSystemPolicy is PUT, DescribeFileSystemPolicy GET and
        // DeleteFileSystemPolicy DELETE on /2015-02-01/file-systems/{FileSystemId}/policy.
        operations(
                op("DescribeFileSystems", READ, when("GET", FILE_SYSTEMS::equals), this::describeFileSystems),
                op(
                        "DescribeReplicationConfigurations",
                        READ,
                        when("GET", (FILE_SYSTEMS + "/replication-configurations")::equals),
                        this::describeReplications),
                op(
                        "DescribeAccessPoints",
                        READ,
                        when("GET", (PREFIX + "access-points")::equals),
                        this::describeAccessPoints),
                op(
                        "DescribeMountTargets",
                        READ,
                        when("GET", (PREFIX + "mount-targets")::equals),
                        this::describeMountTargets),
                op("CreateReplicationConfiguration", WRITE, when("POST", on(REPLICATION)), this::createReplication),
                op("DeleteReplicationConfiguration", WRITE, when("DELETE", on(REPLICATION)), this::deleteReplication),
                op("PutFileSystemPolicy", WRITE, when("PUT", on(POLICY)), this::putPolicy),
                op("DescribeFileSystemPolicy", READ, when("GET", on(POLICY)), this::describePolicy),
                op("DeleteFileSystemPolicy", WRITE, when("DELETE", on(POLICY)), this::deletePolicy),
                op("UpdateFileSystemProtection", WRITE, when("PUT", on(PROTECTION)), this::updateProtection));
    }

    /** A path {@code /2015-02-01/file-systems/{id}<suffix>}. */
    private static Predicate<String> on(String suffix) {
        return path -> pathParam(path, suffix) != null;
    }

    private AwsResponse deleteReplication(AwsRequest request) {
        model.deleteReplication(
                request.region(),
                pathParam(request.path(), REPLICATION),
                request.query().get("deletionMode"));
        return AwsResponse.empty(204);
    }

    private AwsResponse putPolicy(AwsRequest request) {
        String fsId = pathParam(request.path(), POLICY);
        return policyBody(
                fsId, model.putPolicy(request.region(), fsId, Json.text(Json.parse(request.body()), "Policy")));
    }

    private AwsResponse describePolicy(AwsRequest request) {
        String fsId = pathParam(request.path(), POLICY);
        return policyBody(fsId, model.policy(request.region(), fsId));
    }

    private AwsResponse deletePolicy(AwsRequest request) {
        model.deletePolicy(request.region(), pathParam(request.path(), POLICY));
        return AwsResponse.empty(200);
    }

    private AwsResponse updateProtection(AwsRequest request) {
        String fsId = pathParam(request.path(), PROTECTION);
        String wanted = Json.text(Json.parse(request.body()), "ReplicationOverwriteProtection");
        ObjectNode body = Json.object();
        body.put("ReplicationOverwriteProtection", model.updateProtection(request.region(), fsId, wanted));
        return Json.restJson(200, body);
    }

    private AwsResponse describeFileSystems(AwsRequest request) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (EfsModel.FileSystemState fs :
                model.describeFileSystems(request.region(), request.query().get("FileSystemId"))) {
            ObjectNode node = list.addObject();
            node.put("OwnerId", EfsModel.ACCOUNT);
            node.put("CreationToken", fs.fileSystemId());
            node.put("FileSystemId", fs.fileSystemId());
            node.put("FileSystemArn", fs.arn());
            node.put("CreationTime", Json.epochSeconds(fs.creationTime()));
            node.put("LifeCycleState", "available");
            node.put("Name", fs.fileSystemId());
            node.put("NumberOfMountTargets", MOUNT_TARGETS);
            ObjectNode size = node.putObject("SizeInBytes");
            size.put("Value", 6144);
            size.put("ValueInStandard", 6144);
            size.put("ValueInIA", 0);
            size.put("ValueInArchive", 0);
            node.put("PerformanceMode", "generalPurpose");
            node.put("Encrypted", true);
            node.put("ThroughputMode", "elastic");
            ArrayNode tags = node.putArray("Tags");
            ObjectNode tag = tags.addObject();
            tag.put("Key", "Name");
            tag.put("Value", fs.fileSystemId());
            node.putObject("FileSystemProtection").put("ReplicationOverwriteProtection", fs.protection());
        }
        ObjectNode body = Json.object();
        body.set("FileSystems", list);
        return Json.restJson(200, body);
    }

    /**
     * The FileSystemPolicyDescription both Put and DescribeFileSystemPolicy answer: {@code FileSystemId}, {@code
     * Policy}.
     */
    private static AwsResponse policyBody(String fileSystemId, String policy) {
        ObjectNode body = Json.object();
        body.put("FileSystemId", fileSystemId);
        body.put("Policy", policy);
        return Json.restJson(200, body);
    }

    private AwsResponse describeReplications(AwsRequest request) {
        List<EfsReplicationView> all =
                model.describeReplications(request.region(), request.query().get("FileSystemId"));
        Page page = Page.of(
                all.size(), request.query().get("MaxResults"), request.query().get("NextToken"), 100);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (EfsReplicationView r : all.subList(page.from(), page.to())) {
            list.add(describe(r));
        }
        ObjectNode body = Json.object();
        body.set("Replications", list);
        if (page.nextToken() != null) {
            body.put("NextToken", page.nextToken());
        }
        return Json.restJson(200, body);
    }

    private AwsResponse createReplication(AwsRequest request) {
        JsonNode input = Json.parse(request.body());
        JsonNode destinations = input.path("Destinations");
        if (!destinations.isArray() || destinations.size() != 1) {
            throw new ServiceError(400, "BadRequest", "Destinations must hold exactly one destination");
        }
        JsonNode destination = destinations.get(0);
        EfsReplicationView created = model.createReplication(
                request.region(),
                pathParam(request.path(), REPLICATION),
                Json.text(destination, "Region"),
                Json.text(destination, "FileSystemId"));
        return Json.restJson(200, describe(created));
    }

    /**
     * EFS API reference, DescribeAccessPoints: those of {@code FileSystemId}, the one {@code AccessPointId}
     * ({@code AccessPointNotFound}, 404, when there is none), or every access point in the region.
     */
    private AwsResponse describeAccessPoints(AwsRequest request) {
        String fsId = request.query().get("FileSystemId");
        String accessPointId = request.query().get("AccessPointId");
        List<String[]> all = new ArrayList<>();
        for (EfsModel.FileSystemState fs : model.describeFileSystems(request.region(), fsId)) {
            for (String id : model.accessPoints(request.region(), fs.fileSystemId())) {
                if (accessPointId == null || accessPointId.equals(id)) {
                    all.add(new String[] {fs.fileSystemId(), id});
                }
            }
        }
        if (accessPointId != null && all.isEmpty()) {
            throw new ServiceError(404, "AccessPointNotFound", "Access point '" + accessPointId + "' does not exist.");
        }
        Page page = Page.of(
                all.size(), request.query().get("MaxResults"), request.query().get("NextToken"), 100);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (String[] ap : all.subList(page.from(), page.to())) {
            String id = ap[1];
            ObjectNode node = list.addObject();
            node.put("AccessPointId", id);
            node.put(
                    "AccessPointArn",
                    "arn:aws:elasticfilesystem:" + request.region() + ":" + EfsModel.ACCOUNT + ":access-point/" + id);
            node.put("FileSystemId", ap[0]);
            node.put("OwnerId", EfsModel.ACCOUNT);
            node.put("LifeCycleState", "available");
            node.putObject("RootDirectory").put("Path", "/" + id);
        }
        ObjectNode body = Json.object();
        body.set("AccessPoints", list);
        if (page.nextToken() != null) {
            body.put("NextToken", page.nextToken());
        }
        return Json.restJson(200, body);
    }

    /**
     * EFS API reference, DescribeMountTargets ({@code GET /2015-02-01/mount-targets}): one of {@code
     * FileSystemId} or {@code MountTargetId} is required ({@code AccessPointId} is not served);
     * {@code MountTargetNotFound} (404) for an unknown mount target. Each file system has the two mount
     * targets DescribeFileSystems counts, in zones {@code <region>a} and {@code <region>b}, with stable
     * synthetic ids.
     */
    private AwsResponse describeMountTargets(AwsRequest request) {
        String fsId = request.query().get("FileSystemId");
        String mountTargetId = request.query().get("MountTargetId");
        if (fsId == null && mountTargetId == null) {
            throw new ServiceError(400, "BadRequest", "Either FileSystemId or MountTargetId must be specified");
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (EfsModel.FileSystemState fs : model.describeFileSystems(request.region(), fsId)) {
            for (int i = 0; i < MOUNT_TARGETS; i++) {
                String id = String.format("fsmt-%08x%09x", fs.fileSystemId().hashCode(), i);
                if (mountTargetId != null && !mountTargetId.equals(id)) {
                    continue;
                }
                ObjectNode node = list.addObject();
                node.put("OwnerId", EfsModel.ACCOUNT);
                node.put("MountTargetId", id);
                node.put("FileSystemId", fs.fileSystemId());
                node.put(
                        "SubnetId", String.format("subnet-%08x%09x", fs.region().hashCode(), i));
                node.put("LifeCycleState", "available");
                node.put("IpAddress", "10.0." + (i * 16 + 1) + ".10");
                node.put("NetworkInterfaceId", String.format("eni-%08x%09x", id.hashCode(), i));
                node.put("AvailabilityZoneName", fs.region() + (char) ('a' + i));
                node.put("VpcId", String.format("vpc-%08x%09x", fs.region().hashCode(), 0));
            }
        }
        if (mountTargetId != null && list.isEmpty()) {
            throw new ServiceError(404, "MountTargetNotFound", "Mount target '" + mountTargetId + "' does not exist.");
        }
        ObjectNode body = Json.object();
        body.set("MountTargets", list);
        return Json.restJson(200, body);
    }

    private static ObjectNode describe(EfsReplicationView r) {
        ObjectNode node = Json.object();
        String sourceArn = EfsModel.arn(r.sourceRegion(), r.sourceFileSystemId());
        node.put("SourceFileSystemId", r.sourceFileSystemId());
        node.put("SourceFileSystemRegion", r.sourceRegion());
        node.put("SourceFileSystemArn", sourceArn);
        node.put("OriginalSourceFileSystemArn", sourceArn);
        node.put("SourceFileSystemOwnerId", EfsModel.ACCOUNT);
        node.put("CreationTime", Json.epochSeconds(r.creationTime()));
        ObjectNode destination = node.putArray("Destinations").addObject();
        destination.put("Status", r.status());
        destination.put("FileSystemId", r.destinationFileSystemId());
        destination.put("Region", r.destinationRegion());
        destination.put("OwnerId", EfsModel.ACCOUNT);
        if (r.lastReplicated() != null) {
            destination.put("LastReplicatedTimestamp", Json.epochSeconds(r.lastReplicated()));
        }
        if (r.statusMessage() != null) {
            destination.put("StatusMessage", r.statusMessage());
        }
        return node;
    }

    /** The id in {@code /2015-02-01/file-systems/{id}<suffix>}, or null when the path differs. */
    private static String pathParam(String path, String suffix) {
        String head = FILE_SYSTEMS + "/";
        if (!path.startsWith(head) || !path.endsWith(suffix)) {
            return null;
        }
        String id = path.substring(head.length(), path.length() - suffix.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}
