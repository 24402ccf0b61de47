package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** EventBridge EnableRule / DisableRule over AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.*}). */
final class EventBridgeHandler implements ServiceHandler {
    private static final String VERSION = "1.1";
    private static final String TARGET = "AWSEvents.";
    private static final Set<String> OPERATIONS = Set.of("EnableRule", "DisableRule");

    private final EventBridgeModel model;

    EventBridgeHandler(EventBridgeModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "events";
    }

    @Override
    public String operation(AwsRequest request) {
        return ServiceHandler.jsonTargetOperation(request, TARGET, OPERATIONS);
    }

    @Override
    public boolean isMutating(String operation) {
        return true;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        if (operation.equals("Unknown")) {
            throw new ServiceError(400, "UnknownOperationException", "Unsupported EventBridge operation");
        }
        JsonNode input = Json.parse(request.body());
        String name = Json.text(input, "Name");
        if (name == null) {
            throw new ServiceError(400, "ValidationException", "Name is required");
        }
        model.setEnabled(request.region(), name, operation.equals("EnableRule"));
        return Json.awsJson(VERSION, Json.object());
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
        return new ServiceError(500, "InternalException", "Internal server error (injected)");
    }
}
