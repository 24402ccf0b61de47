package io.efsdr.sandbox.aws;

/**
 * A service with no stand-in (CloudWatch, IAM, EC2, ...): every request gets the service's own
 * "unknown operation" error in the wire protocol it was sent in ({@link WireProtocol}), so the aws
 * CLI and the SDKs print "not served by the sandbox: <service>.<Operation>" instead of failing to
 * parse the answer.
 */
final class UnservedService extends ProtocolService {

    UnservedService(String service) {
        super(
                service,
                service,
                new FaultAnswers(
                        new ServiceError(400, "ThrottlingException", "Rate exceeded"),
                        new ServiceError(500, "InternalFailure", "Internal failure (injected)")));
    }

    /** No operation: the table is empty, so every request is answered {@link WireProtocol#notServed}. */
    @Override
    public String operation(AwsRequest request) {
        return UNKNOWN;
    }

    /** Not called: errors need the request to know their format; see {@link #render(AwsRequest, ServiceError)}. */
    @Override
    public AwsResponse render(ServiceError error) {
        return Json.restJsonError(error, null);
    }

    @Override
    public AwsResponse render(AwsRequest request, ServiceError error) {
        return WireProtocol.of(service(), request).error(request, error);
    }
}
