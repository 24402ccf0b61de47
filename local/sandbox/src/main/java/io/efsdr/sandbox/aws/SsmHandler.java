package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * SSM Parameter Store over AWS JSON 1.1 ({@code X-Amz-Target: AmazonSSM.*}; botocore {@code
 * data/ssm/2014-11-06/service-2.json}), after the AWS Systems Manager API Reference: GetParameter,
 * PutParameter, GetParameters ({@code Parameters} and {@code InvalidParameters} for names not found),
 * GetParametersByPath ({@code Recursive} or one level below {@code Path}; at most 10 a page) and
 * DescribeParameters (metadata without values; {@code ParameterFilters} on {@code Name} with {@code
 * Equals}/{@code BeginsWith}/{@code Contains} and on {@code Path} with {@code OneLevel}/{@code Recursive};
 * at most 50 a page).
 */
final class SsmHandler extends JsonRpcService {
    private final SsmModel model;

    SsmHandler(SsmModel model) {
        super(
                "ssm",
                "SSM",
                "AmazonSSM.",
                "1.1",
                new FaultAnswers(
                        new ServiceError(400, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "InternalServerError", "Internal server error (injected)")));
        this.model = model;
        operations(
                op("GetParameter", READ, this::getParameter),
                op("PutParameter", WRITE, this::putParameter),
                op("GetParameters", READ, this::getParameters),
                op("GetParametersByPath", READ, this::getParametersByPath),
                op("DescribeParameters", READ, this::describeParameters));
    }

    private ObjectNode getParameter(AwsRequest request, JsonNode input) {
        String name = required(input, "Name");
        SsmParameter p = model.get(request.region(), name)
                .orElseThrow(() -> new ServiceError(400, "ParameterNotFound", "Parameter " + name + " not found."));
        ObjectNode body = Json.object();
        parameter(body.putObject("Parameter"), p, true);
        return body;
    }

    private ObjectNode putParameter(AwsRequest request, JsonNode input) {
        String name = required(input, "Name");
        String value = required(input, "Value");
        SsmParameter p = model.put(
                request.region(),
                name,
                Json.text(input, "Type"),
                value,
                input.path("Overwrite").asBoolean(false),
                Json.text(input, "Tier"));
        ObjectNode body = Json.object();
        body.put("Version", p.version());
        body.put("Tier", p.tier());
        return body;
    }

    private ObjectNode getParameters(AwsRequest request, JsonNode input) {
        ObjectNode body = Json.object();
        ArrayNode found = body.putArray("Parameters");
        ArrayNode invalid = body.putArray("InvalidParameters");
        for (JsonNode name : input.path("Names")) {
            model.get(request.region(), name.asText())
                    .ifPresentOrElse(p -> parameter(found.addObject(), p, true), () -> invalid.add(name));
        }
        return body;
    }

    private ObjectNode getParametersByPath(AwsRequest request, JsonNode input) {
        String path = required(input, "Path");
        boolean recursive = input.path("Recursive").asBoolean(false);
        List<SsmParameter> all = model.list(request.region()).stream()
                .filter(under(path, recursive))
                .toList();
        ObjectNode body = Json.object();
        page(body, input, all, 10, (node, p) -> parameter(node, p, true));
        return body;
    }

    private ObjectNode describeParameters(AwsRequest request, JsonNode input) {
        Predicate<SsmParameter> filter = p -> true;
        for (JsonNode f : input.path("ParameterFilters")) {
            filter = filter.and(filter(f));
        }
        List<SsmParameter> all =
                model.list(request.region()).stream().filter(filter).toList();
        ObjectNode body = Json.object();
        page(body, input, all, 50, (node, p) -> parameter(node, p, false));
        return body;
    }

    private static String required(JsonNode input, String field) {
        String value = Json.text(input, field);
        if (value == null) {
            throw new ServiceError(400, "ValidationException", field + " is required");
        }
        return value;
    }

    /** A Parameter (with its value) or a ParameterMetadata (without, with its tier). */
    private static void parameter(ObjectNode node, SsmParameter p, boolean withValue) {
        node.put("Name", p.name());
        node.put("Type", p.type());
        if (withValue) {
            node.put("Value", p.value());
        } else {
            node.put("Tier", p.tier());
            node.putArray("Policies");
        }
        node.put("Version", p.version());
        node.put("LastModifiedDate", Json.epochSeconds(p.lastModified()));
        node.put("ARN", p.arn());
        node.put("DataType", "text");
    }

    private interface Writer {
        void write(ObjectNode node, SsmParameter parameter);
    }

    private static void page(ObjectNode body, JsonNode input, List<SsmParameter> all, int max, Writer writer) {
        String maxResults = Json.text(input, "MaxResults");
        if (maxResults != null && Integer.parseInt(maxResults) > max) {
            throw new ServiceError(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value '" + maxResults
                            + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or"
                            + " equal to " + max);
        }
        Page page = Page.of(all.size(), maxResults, Json.text(input, "NextToken"), max);
        ArrayNode list = body.putArray("Parameters");
        all.subList(page.from(), page.to()).forEach(p -> writer.write(list.addObject(), p));
        if (page.nextToken() != null) {
            body.put("NextToken", page.nextToken());
        }
    }

    /** Parameters below {@code path}: one level down, or any depth when recursive. */
    private static Predicate<SsmParameter> under(String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        return p -> p.name().startsWith(prefix)
                && (recursive || !p.name().substring(prefix.length()).contains("/"));
    }

    private Predicate<SsmParameter> filter(JsonNode f) {
        String key = Json.text(f, "Key");
        String option = Json.text(f, "Option");
        List<String> values = new ArrayList<>();
        f.path("Values").forEach(v -> values.add(v.asText()));
        if ("Name".equals(key)) {
            String how = option == null ? "Equals" : option;
            return p -> values.stream().anyMatch(v -> switch (how) {
                case "BeginsWith" -> p.name().startsWith(v);
                case "Contains" -> p.name().contains(v);
                default -> p.name().equals(v);
            });
        }
        if ("Path".equals(key)) {
            boolean recursive = "Recursive".equals(option);
            return p -> values.stream().anyMatch(v -> under(v, recursive).test(p));
        }
        throw new ServiceError(
                400, "InvalidFilterKey", "not served by the sandbox: SSM.DescribeParameters filter key " + key);
    }
}
