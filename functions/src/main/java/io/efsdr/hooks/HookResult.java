package io.efsdr.hooks;

import io.efsdr.plan.HookFailure;
import java.time.Instant;

/**
 * One hook call as the run reports it.
 *
 * @param at the hook point ({@code beforeFence}, {@code afterWave}, ...)
 * @param target the function's ARN
 * @param wave the wave that was ready, for {@code afterWave}; null otherwise
 * @param durationMs how long the call took on the run's clock; 0 when it was skipped
 * @param answer what the function answered (or why the call failed), at most {@value
 *     HookRunner#MAX_ANSWER_CHARS} characters
 * @param idempotencyKey the key the call carried, the same on every retry of it (see {@link
 *     HookRunner#idempotencyKey})
 * @param attempts the requests sent for the call (more than 1 only after throttling); 0 when skipped
 */
public record HookResult(
        String at,
        String target,
        Integer wave,
        HookStatus status,
        long durationMs,
        String answer,
        HookFailure onFailure,
        Instant startedAt,
        String idempotencyKey,
        int attempts) {

    /** One line for a person: point, wave, target, status, duration, answer. */
    public String describe() {
        return at + (wave == null ? "" : " (wave " + wave + ")") + ": " + target + " " + status.json() + " in "
                + durationMs + " ms"
                + (status.failed() ? " (onFailure " + onFailure.json() + ")" : "")
                + (answer == null || answer.isEmpty() ? "" : ": " + answer);
    }
}
