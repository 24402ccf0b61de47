package io.efsdr.sandbox.aws;

/**
 * The REST-XML protocol (botocore {@code RestXMLSerializer}; S3, Route 53): the method and path name the
 * operation, XML bodies; errors as an XML {@code Error} ({@link
 * Xml#restXmlError}) unless the service answers its own form (Route 53's {@code ErrorResponse}).
 */
abstract class RestXmlService extends RestService {

    RestXmlService(String service, String serviceName, FaultAnswers faults) {
        super(service, serviceName, faults);
    }

    @Override
    public AwsResponse render(ServiceError error) {
        return Xml.restXmlError(error);
    }
}
