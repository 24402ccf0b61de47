package io.efsdr.aws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class AwsCallsTest {
    @Test
    void call_mapsEachErrorByItsCode() {
        assertAll(
                () -> assertThrows(PermissionDeniedException.class, () -> fail("AccessDeniedException", 403)),
                () -> assertThrows(DependencyUnavailableException.class, () -> fail("ThrottlingException", 400)),
                () -> assertThrows(DependencyUnavailableException.class, () -> fail("InternalServerError", 500)),
                () -> assertThrows(
                        DependencyUnavailableException.class,
                        () -> fail("IncorrectFileSystemLifeCycleState", 409),
                        "a file system changing state passes: retried"),
                () -> assertThrows(
                        InvalidInputException.class,
                        () -> fail("ValidationException", 400),
                        "invalid input, not unsafe"),
                () -> assertThrows(
                        UnsafeStateException.class, () -> fail("FileSystemNotFound", 404), "a person must look"));
    }

    @Test
    void call_whenRefusedAsInvalid_saysWhatToCheck() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fail("BadRequest", 400));
        assertTrue(
                e.getMessage().contains("(BadRequest)") && e.getMessage().contains("check the plan"), e.getMessage());
    }

    private static void fail(String code, int status) {
        AwsCalls.call("EFS DescribeFileSystems for fs-1 in us-west-2", () -> {
            throw AwsServiceException.builder()
                    .statusCode(status)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(code)
                            .errorMessage("test")
                            .build())
                    .build();
        });
    }
}
