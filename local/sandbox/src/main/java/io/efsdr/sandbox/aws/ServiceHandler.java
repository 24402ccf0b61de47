package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.FaultKind;

/** Serves one AWS service (one SigV4 signing name) in that service's wire protocol. */
interface ServiceHandler {

    /** The SigV4 signing name routed here. */
    String service();

    /** The AWS operation a request names; {@code Unknown} when it names none this stand-in serves. */
    String operation(AwsRequest request);

    /** Whether the operation changes the world. */
    boolean isMutating(String operation);

    /** Answers the request; may throw {@link ServiceError} for a modeled error. */
    AwsResponse handle(AwsRequest request, String operation);

    /** Renders a modeled error in this service's wire format. */
    AwsResponse render(ServiceError error);

    /** Renders a modeled error for {@code request}; a handler that serves one protocol ignores the request. */
    default AwsResponse render(AwsRequest request, ServiceError error) {
        return render(error);
    }

    /**
     * The error for a request this stand-in does not serve, in the request's own protocol: see {@link
     * WireProtocol#notServed}. {@code serviceName} is the name the message gives the service ({@code SNS}).
     */
    default ServiceError notServed(String serviceName, AwsRequest request) {
        return WireProtocol.of(service(), request).notServed(serviceName, request);
    }

    /**
     * Whether an injected fault of this kind reaches the caller only after the request was served
     * (the work done, the answer lost or replaced by the error); by default a fault replaces the
     * request, which is never served.
     */
    default boolean faultsAfterServing(String operation, FaultKind kind) {
        return false;
    }

    /**
     * Told of a request an injected fault replaced before it was served ({@link #faultsAfterServing}
     * false), with the status answered; nothing by default. A service whose callers' judge must tell
     * "refused" from "never sent" journals it.
     */
    default void refused(AwsRequest request, String operation, int status) {}

    /** The error this service answers when throttling. */
    ServiceError throttling();

    /** The error this service answers on an internal failure. */
    ServiceError serverError();
}
