package io.efsdr.sandbox.aws;

/** A modeled service error: the handler renders it in its protocol's wire format. */
final class ServiceError extends RuntimeException {
    private final int status;
    private final String code;

    ServiceError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
