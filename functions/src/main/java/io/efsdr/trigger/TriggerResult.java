package io.efsdr.trigger;

/**
 * What the trigger did with an alarm event.
 *
 * @param outcome STARTED, ALREADY_STARTED (a duplicate delivery), DISABLED (AUTO_FAILOVER),
 *     ALREADY_ACTIVE (DR serves already), REFUSED_RUNNING (a DR execution runs) or COOLDOWN
 */
public record TriggerResult(TriggerOutcome outcome, String executionName, String executionArn, String detail) {}
