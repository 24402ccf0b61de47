package io.efsdr.hooks;

import io.efsdr.plan.Site;

/**
 * What a hook is invoked with: the run's context at the hook point. A hook answers anything; it
 * fails the point when Lambda reports a function error or when it answers a JSON object with
 * {@code "status": "fail"} (see docs/plan.md, Hooks). The payload adds the call's {@code
 * idempotencyKey} and the request's {@code attempt} ({@link HookRunner#payload}).
 *
 * @param wave the wave that just became ready, for {@code afterWave}; null otherwise
 * @param dataLossWindowSeconds the promotion's measurement once the file system was promoted, the
 *     assessment's estimate before; null when neither is known
 * @param dataLossProven whether the promotion proved the window 0; null before a promotion
 */
public record HookContext(
        String workflow,
        String point,
        Integer wave,
        String executionName,
        String application,
        boolean dryRun,
        Site primary,
        Site dr,
        Long dataLossWindowSeconds,
        Boolean dataLossProven) {}
