package io.efsdr.sandbox.aws;

import java.util.Map;

/**
 * The AWS query protocol (botocore {@code QuerySerializer} and {@code QueryParser}): a form-encoded POST whose
 * {@code Action} names the operation, answered by {@code <{Op}Response><{Op}Result>..} XML in the service's
 * namespace, errors as {@code ErrorResponse} ({@link Xml}).
 */
abstract class QueryService extends ProtocolService {
    private final String namespace;

    /** An operation's answer: the XML inside {@code <{Op}Result>}, from the request and its parameters. */
    interface QueryAnswer {
        String answer(AwsRequest request, Map<String, String> params);
    }

    /** @param namespace the XML namespace of answers and errors */
    QueryService(String service, String serviceName, String namespace, FaultAnswers faults) {
        super(service, serviceName, faults);
        this.namespace = namespace;
    }

    /**
     * True when a request in another protocol the service's model also lists (CloudWatch's RPC v2 CBOR and JSON)
     * names no operation and is answered in its own protocol's error format; false by default.
     */
    boolean queryOnly() {
        return false;
    }

    final Operation op(String name, Operation.Effect effect, QueryAnswer answer) {
        return new Operation(
                name,
                effect,
                null,
                request -> Xml.queryResult(
                        namespace, name, answer.answer(request, WireProtocol.queryParameters(request))));
    }

    @Override
    public final String operation(AwsRequest request) {
        if (queryOnly() && WireProtocol.of(service(), request) != WireProtocol.QUERY) {
            return UNKNOWN;
        }
        return served(WireProtocol.queryParameters(request).get("Action"));
    }

    @Override
    public final AwsResponse render(ServiceError error) {
        return Xml.queryError(namespace, error);
    }

    @Override
    public final AwsResponse render(AwsRequest request, ServiceError error) {
        WireProtocol protocol = WireProtocol.of(service(), request);
        return !queryOnly() || protocol == WireProtocol.QUERY ? render(error) : protocol.error(request, error);
    }
}
