package io.efsdr.traffic;

/**
 * One call to one ARC cluster endpoint failed. {@link Kind#TRY_ANOTHER} failures (no connection,
 * a timeout, 5xx, {@code ThrottlingException}, {@code EndpointTemporarilyUnavailableException},
 * {@code InternalServerException}, a {@code ConflictException} that names no safety rule) send the
 * call to the next endpoint, as the ARC developer guide advises; the others end the call at once.
 * {@link Kind#REFUSED} is a change a safety rule blocked: the rules live in the cluster's control
 * panel and every endpoint answers the cluster's consensus view, so another endpoint refuses it too.
 */
public final class ClusterCallException extends RuntimeException {
    /** What the failure means for the next attempt. */
    public enum Kind {
        /** The endpoint could not serve this call now: another endpoint may. */
        TRY_ANOTHER,
        /** The call was refused for its credentials or permissions: no endpoint will accept it. */
        DENIED,
        /** The call was refused as invalid (a wrong ARN, a missing control): no endpoint will accept it. */
        INVALID,
        /**
         * A safety rule refused the change (ARC answers {@code ConflictException} naming the rule's ARN,
         * or an error whose message names a {@code :safetyrule/} ARN): a refusal, not an outage.
         */
        REFUSED
    }

    private final Kind kind;
    private final String code;
    private final String safetyRule;

    public ClusterCallException(Kind kind, String code, String message, Throwable cause) {
        this(kind, code, message, cause, null);
    }

    public ClusterCallException(Kind kind, String code, String message, Throwable cause, String safetyRule) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.safetyRule = safetyRule;
    }

    /** {@link Kind#REFUSED}: the ARN of the safety rule that refused the change, when the answer named it. */
    public String safetyRule() {
        return safetyRule;
    }

    public Kind kind() {
        return kind;
    }

    /** The error code the endpoint answered, or the local failure's name (such as {@code ConnectException}). */
    public String code() {
        return code;
    }
}
