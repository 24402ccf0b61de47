package io.efsdr.sandbox.aws;

/**
 * A service with no stand-in (CloudWatch, IAM, EC2, ...): every request gets the service's own
 * "unknown operation" error in the wire protocol it was sent in ({@link WireProtocol}), so the aws
 * CLI and the SDKs print "not served by the sandbox: <service>.<Operation>" instead of failing to
 * parse the answer.
 */
final class UnservedService implements ServiceHandler {
    private final String service;

    UnservedService(String service) {
        this.service = service;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public String operation(AwsRequest request) {
        return "Unknown";
    }

    @Override
    public boolean isMutating(String operation) {
        return false;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        throw WireProtocol.of(service, request).notServed(service, request);
    }

    /** Not called: errors need the request to know their format; see {@link #render(AwsRequest, ServiceError)}. */
    @Override
    public AwsResponse render(ServiceError error) {
        return Json.restJsonError(error, null);
    }

    @Override
    public AwsResponse render(AwsRequest request, ServiceError error) {
        return WireProtocol.of(service, request).error(request, error);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalFailure", "Internal failure (injected)");
    }
}
