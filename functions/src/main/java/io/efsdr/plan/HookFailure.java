package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a failed hook does to the run: stop it ({@link #ABORT}, the default) or be reported and passed. */
public enum HookFailure {
    ABORT("abort"),
    CONTINUE("continue");

    private final String json;

    HookFailure(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public static Optional<HookFailure> of(String json) {
        return Arrays.stream(values()).filter(f -> f.json.equals(json)).findFirst();
    }
}
