package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.efsdr.error.InvalidInputException;
import java.util.Locale;

/**
 * How a failover treats the replication lag. {@link #GRACEFUL} (the default while the primary
 * answers) stops the primary's writers, waits until no pod is left, then waits for a sync later
 * than that moment before promoting, so nothing written on the primary is lost. {@link
 * #UNGRACEFUL} promotes as soon as the writers are gone and accepts the lag as the data-loss window.
 */
public enum FailoverMode {
    GRACEFUL,
    UNGRACEFUL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FailoverMode fromJson(String value) {
        for (FailoverMode mode : values()) {
            if (mode.json().equals(value)) {
                return mode;
            }
        }
        throw new InvalidInputException("input.mode: must be 'graceful' or 'ungraceful', not '" + value + "'");
    }
}
