package io.efsdr.kubernetes;

/** The API server answered 409 Conflict; callers re-read and try again. Never leaves this package's services. */
final class ApiConflictException extends RuntimeException {
    ApiConflictException(String message) {
        super(message);
    }
}
