package io.efsdr.sandbox.aws;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of a stand-in's operation table: the AWS operation name (what the fault plan, the call journal and
 * docs/sandbox.md name), whether it changes the world, how a REST request is routed to it (null for the protocols
 * that name the operation in the request) and what answers it. A service's table is written once, in its
 * constructor, as moto's {@code BaseResponse} subclass has one method per action.
 *
 * @param name AWS operation name, e.g. {@code DescribeFileSystems}
 * @param effect {@link Effect#WRITE} when the operation changes the world (journaled as mutating)
 * @param route for REST protocols, whether a request is this operation; null when the protocol names it
 * @param answer answers the request; may throw {@link ServiceError}
 */
record Operation(String name, Effect effect, Predicate<AwsRequest> route, Function<AwsRequest, AwsResponse> answer) {

    /** Whether an operation changes the world (the call journal's {@code mutating}). */
    enum Effect {
        READ,
        WRITE
    }

    /** {@code method} and a path test, for a REST route. */
    static Predicate<AwsRequest> when(String method, Predicate<String> path) {
        return request -> request.method().equals(method) && path.test(request.path());
    }
}
