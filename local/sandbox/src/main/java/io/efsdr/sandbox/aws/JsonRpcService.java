package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AWS JSON 1.0/1.1 protocol (Smithy "AWS JSON 1.0/1.1 protocol"; botocore {@code serialize.py}
 * {@code JSONSerializer}): a POST whose {@code X-Amz-Target: <Prefix>.<Operation>} names the operation, a JSON
 * body in and out ({@code Content-Type: application/x-amz-json-1.x}), errors as {@code __type} and {@code message}
 * with {@code x-amzn-ErrorType}.
 */
abstract class JsonRpcService extends ProtocolService {
    private final String targetPrefix;
    private final String version;

    /** An operation's answer: the output object, from the request and its parsed JSON input. */
    interface JsonAnswer {
        ObjectNode answer(AwsRequest request, JsonNode input);
    }

    /**
     * @param targetPrefix {@code X-Amz-Target} up to the operation name ({@code AmazonSSM.})
     * @param version {@code 1.0} or {@code 1.1}
     */
    JsonRpcService(String service, String serviceName, String targetPrefix, String version, FaultAnswers faults) {
        super(service, serviceName, faults);
        this.targetPrefix = targetPrefix;
        this.version = version;
    }

    final Operation op(String name, Operation.Effect effect, JsonAnswer answer) {
        return new Operation(
                name,
                effect,
                null,
                request -> Json.awsJson(version, answer.answer(request, Json.parse(request.body()))));
    }

    @Override
    public final String operation(AwsRequest request) {
        String target = request.header("X-Amz-Target");
        return target == null || !target.startsWith(targetPrefix)
                ? UNKNOWN
                : served(target.substring(targetPrefix.length()));
    }

    @Override
    public final AwsResponse render(ServiceError error) {
        return Json.awsJsonError(version, error);
    }
}
