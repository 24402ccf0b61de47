package io.efsdr.sandbox.aws;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the REST protocols share (botocore {@code BaseRestSerializer}): the method and path name the operation, so
 * each row of the table carries its route, and a request goes to the first row whose route matches. {@link
 * RestJsonService} and {@link RestXmlService} add their bodies and errors.
 */
abstract class RestService extends ProtocolService {

    RestService(String service, String serviceName, FaultAnswers faults) {
        super(service, serviceName, faults);
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
}
