package io.efsdr.error;

/**
 * A person rejected the approval a run was waiting for; the run ends without promoting.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.ApprovalRejectedException} (the decide
 * function sends it with {@code SendTaskFailure}); the state machines never retry it.
 */
public final class ApprovalRejectedException extends RuntimeException {
    public ApprovalRejectedException(String message) {
        super(message);
    }
}
