package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** EFS over REST-JSON, paths under {@code /2015-02-01/}, errors as {@code x-amzn-ErrorType}. */
final class EfsHandler implements ServiceHandler {
    private static final String PREFIX = "/2015-02-01/";
    private static final String FILE_SYSTEMS = PREFIX + "file-systems";
    private static final Set<String> MUTATING = Set.of(
            "DeleteReplicationConfiguration",
            "CreateReplicationConfiguration",
            "UpdateFileSystemProtection",
            "PutFileSystemPolicy",
            "DeleteFileSystemPolicy");

    /** How many mount targets each file system has: what DescribeFileSystems and DescribeMountTargets report. */
    private static final int MOUNT_TARGETS = 2;

    private final EfsModel model;

    EfsHandler(EfsModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "elasticfilesystem";
    }

    @Override
    public String operation(AwsRequest request) {
        String path = request.path();
        String method = request.method();
        if (method.equals("GET") && path.equals(FILE_SYSTEMS)) {
            return "DescribeFileSystems";
        }
        if (method.equals("GET") && path.equals(FILE_SYSTEMS + "/replication-configurations")) {
            return "DescribeReplicationConfigurations";
        }
        if (method.equals("GET") && path.equals(PREFIX + "access-points")) {
            return "DescribeAccessPoints";
        }
        if (method.equals("GET") && path.equals(PREFIX + "mount-targets")) {
            return "DescribeMountTargets";
        }
        if (pathParam(path, "/replication-configuration") != null) {
            return switch (method) {
                case "POST" -> "CreateReplicationConfiguration";
                case "DELETE" -> "DeleteReplicationConfiguration";
                default -> "Unknown";
            };
        }
        // EFS API reference: PutFileSystemPolicy is PUT, DescribeFileSystemPolicy GET and
        // DeleteFileSystemPolicy DELETE on /2015-02-01/file-systems/{FileSystemId}/policy.
        if (pathParam(path, "/policy") != null) {
            return switch (method) {
                case "PUT" -> "PutFileSystemPolicy";
                case "GET" -> "DescribeFileSystemPolicy";
                case "DELETE" -> "DeleteFileSystemPolicy";
                default -> "Unknown";
            };
        }
        if (method.equals("PUT") && pathParam(path, "/protection") != null) {
            return "UpdateFileSystemProtection";
        }
        return "Unknown";
    }

    @Override
    public boolean isMutating(String operation) {
        return MUTATING.contains(operation);
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        String region = request.region();
        return switch (operation) {
            case "DescribeFileSystems" -> describeFileSystems(request);
            case "DescribeReplicationConfigurations" -> describeReplications(request);
            case "DescribeAccessPoints" -> describeAccessPoints(request);
            case "DescribeMountTargets" -> describeMountTargets(request);
            case "DeleteReplicationConfiguration" -> {
                model.deleteReplication(
                        region,
                        pathParam(request.path(), "/replication-configuration"),
                        request.query().get("deletionMode"));
                yield AwsResponse.empty(204);
            }
            case "CreateReplicationConfiguration" -> createReplication(request);
            case "PutFileSystemPolicy" -> {
                String fsId = pathParam(request.path(), "/policy");
                yield policyBody(fsId, model.putPolicy(region, fsId, Json.text(Json.parse(request.body()), "Policy")));
            }
            case "DescribeFileSystemPolicy" -> {
                String fsId = pathParam(request.path(), "/policy");
                yield policyBody(fsId, model.policy(region, fsId));
            }
            case "DeleteFileSystemPolicy" -> {
                model.deletePolicy(region, pathParam(request.path(), "/policy"));
                yield AwsResponse.empty(200);
            }
            case "UpdateFileSystemProtection" -> {
                String fsId = pathParam(request.path(), "/protection");
                String wanted = Json.text(Json.parse(request.body()), "ReplicationOverwriteProtection");
                ObjectNode body = Json.object();
                body.put("ReplicationOverwriteProtection", model.updateProtection(region, fsId, wanted));
                yield Json.restJson(200, body);
            }
            default -> throw notServed("EFS", request);
        };
    }

    @Override
    public AwsResponse render(ServiceError error) {
        return Json.restJsonError(error, "ErrorCode");
    }

    /** The EFS model lists {@code ThrottlingException} with HTTP 429. */
    @Override
    public ServiceError throttling() {
        return new ServiceError(429, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalServerError", "Internal server error (injected)");
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
                pathParam(request.path(), "/replication-configuration"),
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
