package io.efsdr.efs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.efsdr.error.InvalidInputException;
import java.util.Locale;

/** What a write-fence step does to the primary file system: put the fence on, or take it off. */
public enum FenceAction {
    FENCE,
    UNFENCE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FenceAction parse(String value) {
        for (FenceAction action : values()) {
            if (action.json().equals(value)) {
                return action;
            }
        }
        throw new InvalidInputException("action: must be 'fence' or 'unfence', not '" + value + "'");
    }
}
