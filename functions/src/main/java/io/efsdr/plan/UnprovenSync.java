package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.efsdr.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a graceful failover does when its final-sync wait gives up without a sync later than the
 * primary's writers' stop, so the data-loss window is unproven (plan {@code onUnprovenSync}).
 * {@link #APPROVAL} (the default): a person decides; no answer in time takes the abort path, never
 * a promotion. {@link #PROMOTE}: promote and report the window as unproven. {@link #ABORT}: give
 * the primary back to production and end without promoting.
 */
public enum UnprovenSync {
    APPROVAL,
    PROMOTE,
    ABORT;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The option named {@code value} in the plan, if any. */
    public static Optional<UnprovenSync> of(String value) {
        return Arrays.stream(values()).filter(v -> v.json().equals(value)).findFirst();
    }

    @JsonCreator
    public static UnprovenSync fromJson(String value) {
        return of(value)
                .orElseThrow(() -> new InvalidInputException(
                        "plan.onUnprovenSync: must be 'approval', 'promote' or 'abort', not '" + value + "'"));
    }
}
