package io.efsdr.hooks;

import java.time.Duration;

/** Calls one hook function synchronously (Lambda Invoke, RequestResponse), bounded by a timeout. */
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
     */
    record Invocation(Outcome outcome, String functionError, String payload) {}

    Invocation invoke(String functionArn, String payload, Duration timeout);
}
