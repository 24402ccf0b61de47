package io.efsdr.sandbox.aws;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The REST-XML protocol (botocore {@code RestXMLSerializer}; S3, Route 53): the method and path name the
 * operation, so each row of the table carries its route; XML bodies; errors as an XML {@code Error} ({@link
 * Xml#restXmlError}) unless the service answers its own form (Route 53's {@code ErrorResponse}).
 */
abstract class RestXmlService extends ProtocolService {

    RestXmlService(String service, String serviceName, ServiceError throttling, ServiceError serverError) {
        super(service, serviceName, throttling, serverError);
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
    public AwsResponse render(ServiceError error) {
        return Xml.restXmlError(error);
    }
}
