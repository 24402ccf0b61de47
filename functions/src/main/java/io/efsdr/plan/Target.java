package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which site of the plan a step acts on. */
public enum Target {
    PRIMARY,
    DR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Target parse(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "primary" -> PRIMARY;
            case "dr" -> DR;
            default -> throw new IllegalArgumentException("target must be 'primary' or 'dr', not '" + value + "'");
        };
    }
}
