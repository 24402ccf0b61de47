package io.efsdr.traffic;

/**
 * One call to one ARC cluster endpoint failed. {@link Kind#TRY_ANOTHER} failures (no connection,
 * a timeout, 5xx, {@code ThrottlingException}, {@code EndpointTemporarilyUnavailableException},
 * {@code InternalServerException}, {@code ConflictException}) send the call to the next endpoint,
 * as the ARC developer guide advises; the others end the step.
 */
public final class ClusterCallException extends RuntimeException {
    /** What the failure means for the next attempt. */
    public enum Kind {
        /** The endpoint could not serve this call now: another endpoint may. */
        TRY_ANOTHER,
        /** The call was refused for its credentials or permissions: no endpoint will accept it. */
        DENIED,
        /** The call was refused as invalid (a wrong ARN, a missing control): no endpoint will accept it. */
        INVALID
    }

    private final Kind kind;
    private final String code;

    public ClusterCallException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The error code the endpoint answered, or the local failure's name (such as {@code ConnectException}). */
    public String code() {
        return code;
    }
}
