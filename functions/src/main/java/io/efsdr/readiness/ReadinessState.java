package io.efsdr.readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.efsdr.config.Json;
import io.efsdr.config.SsmParameters;
import java.util.Optional;

/** The previous readiness result, kept in one SSM parameter as compact JSON. */
public final class ReadinessState {
    private final SsmParameters parameters;
    private final String parameterName;

    public ReadinessState(SsmParameters parameters, String parameterName) {
        this.parameters = parameters;
        this.parameterName = parameterName;
    }

    public String parameterName() {
        return parameterName;
    }

    /**
     * The stored result; empty when there is none yet or it is not readable JSON (then the next result counts as a
     * change).
     */
    public Optional<ReadinessSnapshot> read() {
        Optional<String> stored = parameters.get(parameterName);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(stored.get(), ReadinessSnapshot.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void write(ReadinessSnapshot snapshot) {
        try {
            parameters.put(parameterName, Json.MAPPER.writeValueAsString(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("readiness state is not serializable: " + e.getMessage(), e);
        }
    }
}
