package io.efsdr.sandbox;

import java.util.Locale;

/** What a stand-in does instead of answering normally. */
public enum FaultKind {
    /** AWS: 400 ThrottlingException; Kubernetes: 429 with Retry-After. */
    THROTTLING,
    /** AWS: 500 InternalServerError; Kubernetes: 500 Status. */
    SERVER_ERROR,
    /** The answer is held back longer than any client timeout in the project, then dropped. */
    TIMEOUT,
    /** Kubernetes only: 409 Conflict on a write. */
    CONFLICT,
    /** The connection is closed without an answer, as when a region is down. */
    UNREACHABLE;

    /** Parses the scenario spelling: {@code throttling}, {@code 5xx}, {@code timeout}, ... */
    public static FaultKind parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "throttling", "throttle", "429" -> THROTTLING;
            case "5xx", "500", "server_error", "server-error" -> SERVER_ERROR;
            case "timeout" -> TIMEOUT;
            case "conflict", "409" -> CONFLICT;
            case "unreachable", "down" -> UNREACHABLE;
            default ->
                throw new IllegalArgumentException(
                        "unknown fault '" + text + "': use throttling, 5xx, timeout, conflict or unreachable");
        };
    }
}
