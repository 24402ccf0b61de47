package io.efsdr.sandbox.aws;

/**
 * The REST-JSON protocol (Smithy {@code aws.protocols#restJson1}; botocore {@code RestJSONSerializer}): the method
 * and path name the operation, JSON bodies; errors with the code in
 * {@code x-amzn-ErrorType} ({@link Json#restJsonError}).
 */
abstract class RestJsonService extends RestService {
    private final String errorCodeField;

    /** @param errorCodeField the body field that repeats the error code (EFS {@code ErrorCode}), or null */
    RestJsonService(String service, String serviceName, String errorCodeField, FaultAnswers faults) {
        super(service, serviceName, faults);
        this.errorCodeField = errorCodeField;
    }

    @Override
    public final AwsResponse render(ServiceError error) {
        return Json.restJsonError(error, errorCodeField);
    }
}
