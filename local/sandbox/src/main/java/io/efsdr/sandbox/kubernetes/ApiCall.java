package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * One request as the stand-in saw it.
 *
 * @param at virtual time of arrival
 * @param operation the fault-plan operation, e.g. {@code patch:scale}
 * @param status the HTTP status answered, or {@code 0} when the connection was dropped unanswered
 * @param mutating whether the verb writes ({@code create}, {@code update}, {@code patch}, {@code
 *     delete}), whatever the outcome; access reviews are not writes
 */
public record ApiCall(Instant at, String method, String path, String operation, int status, boolean mutating) {}
