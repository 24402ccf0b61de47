package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            default ->
                throw new ServiceError(
                        400, "BadRequest", "Unsupported EFS request " + request.method() + " " + request.path());
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
            node.put("NumberOfMountTargets", 2);
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

    private AwsResponse describeAccessPoints(AwsRequest request) {
        String fsId = request.query().get("FileSystemId");
        if (fsId == null) {
            throw new ServiceError(400, "BadRequest", "The sandbox needs FileSystemId");
        }
        List<String> ids = model.accessPoints(request.region(), fsId);
        Page page = Page.of(
                ids.size(), request.query().get("MaxResults"), request.query().get("NextToken"), 100);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (String id : ids.subList(page.from(), page.to())) {
            ObjectNode node = list.addObject();
            node.put("AccessPointId", id);
            node.put(
                    "AccessPointArn",
                    "arn:aws:elasticfilesystem:" + request.region() + ":" + EfsModel.ACCOUNT + ":access-point/" + id);
            node.put("FileSystemId", fsId);
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
