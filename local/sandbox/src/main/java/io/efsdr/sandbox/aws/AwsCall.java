package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.FaultKind;
import java.time.Instant;

/**
 * One call the stand-in received.
 *
 * @param at virtual time the call was answered (or dropped)
 * @param service SigV4 signing name, e.g. {@code elasticfilesystem}
 * @param region region from the credential scope
 * @param operation AWS operation name, or {@code Unknown}
 * @param mutating whether the operation changes the world (attempted, whatever the outcome)
 * @param status HTTP status answered; {@code 0} when no answer was sent (timeout, unreachable)
 * @param fault the injected fault, or {@code null}
 */
public record AwsCall(
        Instant at, String service, String region, String operation, boolean mutating, int status, FaultKind fault) {

    /** True when the call was answered with a 2xx status. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
