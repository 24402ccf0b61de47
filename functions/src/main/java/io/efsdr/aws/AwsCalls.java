package io.efsdr.aws;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one SDK call (already retried by the SDK with backoff) and turns what is left of its
 * failures into the exceptions the state machines route on, by error code: permission errors are
 * never retried; throttling, 5xx and the conflicts that pass (an operation in progress, a resource
 * changing state) are retried with backoff by the state machine; a request AWS calls invalid is
 * invalid input; what is left (a missing resource, an unknown code) is an unsafe state a person
 * must look at. Callers handle the answers they expect (such as {@code ReplicationNotFound})
 * inside the supplied call.
 */
public final class AwsCalls {
    private static final Set<String> PERMISSION_CODES = Set.of(
            "AccessDenied",
            "AccessDeniedException",
            "UnauthorizedOperation",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "ExpiredTokenException",
            "AuthorizationError");

    /**
     * Codes AWS uses for a request it refuses as malformed or out of range (EFS, EKS, SNS, SSM, Step Functions
     * references).
     */
    private static final Set<String> INVALID_INPUT_CODES = Set.of(
            "BadRequest",
            "ValidationException",
            "InvalidParameterException",
            "InvalidParameterValueException",
            "InvalidParameter",
            "InvalidRequestException",
            "InvalidArn",
            "InvalidName",
            "InvalidExecutionInput",
            "InvalidToken",
            "InvalidOutput",
            "ParameterPatternMismatchException",
            "ValidationError");

    /**
     * Codes for a conflict that passes on its own: an operation in progress or a resource changing
     * state (EFS IncorrectFileSystemLifeCycleState; SSM TooManyUpdates). EFS ConflictException is not one:
     * it means an encrypted source with an unencrypted destination (EFS API reference), which no wait mends.
     */
    private static final Set<String> PASSING_CONFLICT_CODES = Set.of(
            "IncorrectFileSystemLifeCycleState",
            "IncorrectMountTargetState",
            "TooManyUpdates",
            "ResourceInUseException",
            "ServiceUnavailableException",
            "ServerException",
            "InternalServerError",
            "InternalServerErrorException",
            "RequestTimeout",
            "RequestTimeoutException");

    private AwsCalls() {}

    public static <T> T call(String description, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            if (e.statusCode() == 403 || PERMISSION_CODES.contains(code)) {
                throw new PermissionDeniedException(description + " was denied (" + code + "): " + message, e);
            }
            if (isTransient(e) || PASSING_CONFLICT_CODES.contains(code)) {
                throw new DependencyUnavailableException(
                        description + " failed after retries (" + code + ", HTTP " + e.statusCode() + "): " + message,
                        e);
            }
            if (INVALID_INPUT_CODES.contains(code)) {
                throw new InvalidInputException(
                        description + " was refused as invalid (" + code + "): " + message
                                + "; check the plan's ids and names",
                        e);
            }
            throw new UnsafeStateException(
                    description + " was refused (" + code + ", HTTP " + e.statusCode() + "): " + message, e);
        } catch (SdkClientException e) {
            throw new DependencyUnavailableException(description + " could not reach AWS: " + rootMessage(e), e);
        } catch (SdkException e) {
            throw new DependencyUnavailableException(description + " failed: " + rootMessage(e), e);
        }
    }

    /** True for throttling, 5xx and request timeouts: worth another try later. */
    public static boolean isTransient(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 408 || e.statusCode() == 429;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root ? message : e.getMessage() + " (" + message + ")";
    }
}
