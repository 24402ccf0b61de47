package io.efsdr.sandbox.aws;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The REST-JSON protocol (Smithy {@code aws.protocols#restJson1}; botocore {@code RestJSONSerializer}): the method
 * and path name the operation, so each row of the table carries its route; JSON bodies; errors with the code in
 * {@code x-amzn-ErrorType} ({@link Json#restJsonError}).
 */
abstract class RestJsonService extends ProtocolService {
    private final String errorCodeField;

    /** @param errorCodeField the body field that repeats the error code (EFS {@code ErrorCode}), or null */
    RestJsonService(
            String service,
            String serviceName,
            String errorCodeField,
            ServiceError throttling,
            ServiceError serverError) {
        super(service, serviceName, throttling, serverError);
        this.errorCodeField = errorCodeField;
    }

    static Operation op(
            String name,
            Operation.Effect effect,
            Predicate<AwsRequest> route,
            Function<AwsRequest, AwsResponse> answer) {
        return new Operation(name, effect, route, answer);
    }

    @Override
    public final String operation(AwsRequest request) {
        return routed(request);
    }

    @Override
    public final AwsResponse render(ServiceError error) {
        return Json.restJsonError(error, errorCodeField);
    }
}
