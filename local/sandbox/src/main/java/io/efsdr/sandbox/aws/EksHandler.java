package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * EKS over REST-JSON (botocore {@code data/eks/2017-11-01/service-2.json}), after the Amazon EKS API
 * Reference: DescribeCluster ({@code GET /clusters/{name}}) and ListClusters ({@code GET /clusters},
 * {@code {"clusters": [names], "nextToken"}}, {@code maxResults} 1 to 100, default 100).
 */
final class EksHandler extends RestJsonService {
    private static final String PREFIX = "/clusters/";

    private final EksModel model;

    EksHandler(EksModel model) {
        super(
                "eks",
                "EKS",
                null,
                new FaultAnswers(
                        new ServiceError(400, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "ServerException", "Internal server error (injected)")));
        this.model = model;
        operations(
                op("ListClusters", READ, when("GET", "/clusters"::equals), this::listClusters),
                op("DescribeCluster", READ, when("GET", EksHandler::single), this::describeCluster));
    }

    /** {@code /clusters/{name}}. */
    private static boolean single(String path) {
        return path.startsWith(PREFIX) && path.length() > PREFIX.length() && path.indexOf('/', PREFIX.length()) < 0;
    }

    private AwsResponse describeCluster(AwsRequest request) {
        String name = request.path().substring(PREFIX.length());
        EksCluster cluster = model.cluster(request.region(), name)
                .orElseThrow(() ->
                        new ServiceError(404, "ResourceNotFoundException", "No cluster found for name: " + name + "."));
        ObjectNode body = Json.object();
        ObjectNode node = body.putObject("cluster");
        node.put("name", cluster.name());
        node.put("arn", cluster.arn());
        node.put("createdAt", Json.epochSeconds(cluster.createdAt()));
        node.put("version", cluster.version());
        node.put("endpoint", cluster.endpoint().toString());
        node.put("roleArn", "arn:aws:iam::" + EfsModel.ACCOUNT + ":role/eks-cluster");
        node.put("status", "ACTIVE");
        node.put("platformVersion", "eks.1");
        node.putObject("certificateAuthority").put("data", cluster.caDataBase64());
        return Json.restJson(200, body);
    }

    private AwsResponse listClusters(AwsRequest request) {
        List<EksCluster> all = model.clusters(request.region());
        Page page = Page.of(
                all.size(), request.query().get("maxResults"), request.query().get("nextToken"), 100);
        ObjectNode body = Json.object();
        ArrayNode names = body.putArray("clusters");
        all.subList(page.from(), page.to()).forEach(c -> names.add(c.name()));
        if (page.nextToken() != null) {
            body.put("nextToken", page.nextToken());
        }
        return Json.restJson(200, body);
    }
}
