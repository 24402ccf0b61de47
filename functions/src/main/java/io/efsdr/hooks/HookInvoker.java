package io.efsdr.hooks;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Calls one hook function synchronously (Lambda Invoke, RequestResponse), bounded by a timeout: one
 * request per call, except a throttled one (refused before the function ran), which is sent again.
 */
public interface HookInvoker {

    /** How a call ended. */
    enum Outcome {
        /** The function ran; {@code functionError} says whether it raised an error. */
        ANSWERED,
        /** The call did not finish within its bound. */
        TIMED_OUT,
        /** The call could not be made or was refused (unknown function, no permission, throttled). */
        ERROR
    }

    /**
     * @param functionError Lambda's {@code X-Amz-Function-Error} ({@code Unhandled}, ...); null when none
     * @param payload what the function returned, or why the call failed
     * @param attempts the requests sent (more than 1 only after throttling)
     */
    record Invocation(Outcome outcome, String functionError, String payload, int attempts) {
        /** One request. */
        public Invocation(Outcome outcome, String functionError, String payload) {
            this(outcome, functionError, payload, 1);
        }
    }

    /** @param payload the payload of the given attempt (1 for the first request) */
    Invocation invoke(String functionArn, IntFunction<String> payload, Duration timeout);
}
