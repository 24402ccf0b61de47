package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** SSM GetParameter / PutParameter over AWS JSON 1.1 ({@code X-Amz-Target: AmazonSSM.*}). */
final class SsmHandler implements ServiceHandler {
    private static final String VERSION = "1.1";
    private static final String TARGET = "AmazonSSM.";
    private static final Set<String> OPERATIONS = Set.of("GetParameter", "PutParameter");

    private final SsmModel model;

    SsmHandler(SsmModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "ssm";
    }

    @Override
    public String operation(AwsRequest request) {
        return ServiceHandler.jsonTargetOperation(request, TARGET, OPERATIONS);
    }

    @Override
    public boolean isMutating(String operation) {
        return operation.equals("PutParameter");
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        JsonNode input = Json.parse(request.body());
        String name = Json.text(input, "Name");
        if (operation.equals("Unknown")) {
            throw new ServiceError(400, "UnknownOperationException", "Unsupported SSM operation");
        }
        if (name == null) {
            throw new ServiceError(400, "ValidationException", "Name is required");
        }
        ObjectNode body = Json.object();
        if (operation.equals("GetParameter")) {
            SsmParameter p = model.get(request.region(), name)
                    .orElseThrow(() -> new ServiceError(400, "ParameterNotFound", "Parameter " + name + " not found."));
            ObjectNode node = body.putObject("Parameter");
            node.put("Name", p.name());
            node.put("Type", p.type());
            node.put("Value", p.value());
            node.put("Version", p.version());
            node.put("LastModifiedDate", Json.epochSeconds(p.lastModified()));
            node.put("ARN", p.arn());
            node.put("DataType", "text");
        } else {
            String value = Json.text(input, "Value");
            if (value == null) {
                throw new ServiceError(400, "ValidationException", "Value is required");
            }
            SsmParameter p = model.put(
                    request.region(),
                    name,
                    Json.text(input, "Type"),
                    value,
                    input.path("Overwrite").asBoolean(false),
                    Json.text(input, "Tier"));
            body.put("Version", p.version());
            body.put("Tier", p.tier());
        }
        return Json.awsJson(VERSION, body);
    }

    @Override
    public AwsResponse render(ServiceError error) {
        return Json.awsJsonError(VERSION, error);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalServerError", "Internal server error (injected)");
    }
}
