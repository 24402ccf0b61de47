package io.efsdr.guard;

import io.efsdr.config.SsmParameters;

/**
 * Remembers the last thing the trigger reported, so an alarm it declines to act on is reported
 * once and not at every redelivery.
 */
public final class TriggerMemory {
    private final SsmParameters parameters;
    private final String parameterName;

    public TriggerMemory(SsmParameters parameters, String parameterName) {
        this.parameters = parameters;
        this.parameterName = parameterName;
    }

    /** True the first time {@code key} is seen (and remembers it); false for a repeat. */
    public boolean firstReport(String key) {
        if (parameters.get(parameterName).filter(key::equals).isPresent()) {
            return false;
        }
        parameters.put(parameterName, key);
        return true;
    }
}
