package io.efsdr.error;

/**
 * AWS or the Kubernetes API refused the orchestrator's identity (IAM, access entry or RBAC).
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.PermissionDeniedException}; the state machines never retry it:
 * fix the permission, then redrive.
 */
public final class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message);
    }

    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
