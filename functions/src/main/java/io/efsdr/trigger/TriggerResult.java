package io.efsdr.trigger;

/**
 * What the trigger did with an alarm event.
 *
 * @param outcome STARTED, ALREADY_STARTED (a duplicate delivery) or DISABLED (AUTO_FAILOVER)
 */
public record TriggerResult(String outcome, String executionName, String executionArn, String detail) {}
