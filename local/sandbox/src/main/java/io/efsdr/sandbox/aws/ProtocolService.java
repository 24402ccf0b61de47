package io.efsdr.sandbox.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skeleton every stand-in shares, over its operation table: which operation a request names, whether it
 * mutates, dispatch to the operation's answer, the error for an operation not served, and the throttling and
 * internal-error codes the dispatcher answers for an injected fault (as data, from each service's API reference,
 * "Common Errors"). Fault injection and the call journal happen once, in {@link AwsDispatcher}. One subclass per
 * wire protocol ({@link JsonRpcService}, {@link QueryService}, {@link RestJsonService}, {@link RestXmlService})
 * parses that protocol and renders its answers and errors; a service subclasses its protocol's base and declares
 * its table with {@link #operations}.
 */
abstract class ProtocolService implements ServiceHandler {
    static final String UNKNOWN = "Unknown";

    private final String service;
    private final String serviceName;
    private final FaultAnswers faults;
    private final Map<String, Operation> table = new LinkedHashMap<>();

    /**
     * @param service SigV4 signing name ({@code elasticfilesystem})
     * @param serviceName the name "not served by the sandbox: <name>.<operation>" gives ({@code EFS})
     * @param faults what the service answers for an injected fault
     */
    ProtocolService(String service, String serviceName, FaultAnswers faults) {
        this.service = service;
        this.serviceName = serviceName;
        this.faults = faults;
    }

    /**
     * What a service answers for an injected fault, from its API reference ("Common Errors").
     *
     * @param throttling the error answered for an injected throttle
     * @param serverError the error answered for an injected internal failure
     */
    record FaultAnswers(ServiceError throttling, ServiceError serverError) {}

    /** Declares the operation table, in routing order (a REST request goes to the first route that matches). */
    final void operations(Operation... operations) {
        for (Operation operation : operations) {
            if (table.putIfAbsent(operation.name(), operation) != null) {
                throw new IllegalArgumentException(service + " lists " + operation.name() + " twice");
            }
        }
    }

    /** The operations served, in table order: what the fault plan, the journal and docs/sandbox.md name. */
    final List<Operation> table() {
        return List.copyOf(table.values());
    }

    @Override
    public final String service() {
        return service;
    }

    /** {@code name} when the table holds it, else {@code Unknown}. */
    final String served(String name) {
        return name != null && table.containsKey(name) ? name : UNKNOWN;
    }

    /** The first operation whose REST route matches the request, else {@code Unknown}. */
    final String routed(AwsRequest request) {
        return table.values().stream()
                .filter(o -> o.route() != null && o.route().test(request))
                .map(Operation::name)
                .findFirst()
                .orElse(UNKNOWN);
    }

    @Override
    public final boolean isMutating(String operation) {
        Operation row = table.get(operation);
        return row != null && row.effect() == Operation.Effect.WRITE;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        Operation row = table.get(operation);
        if (row == null) {
            throw unknown(request);
        }
        return row.answer().apply(request);
    }

    /** The error for a request naming no operation of the table; by default the protocol's "unknown operation". */
    ServiceError unknown(AwsRequest request) {
        return notServed(serviceName, request);
    }

    @Override
    public final ServiceError throttling() {
        return faults.throttling();
    }

    @Override
    public final ServiceError serverError() {
        return faults.serverError();
    }
}
