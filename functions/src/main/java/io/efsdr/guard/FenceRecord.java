package io.efsdr.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.efsdr.config.Json;
import io.efsdr.config.SsmParameters;
import io.efsdr.error.UnsafeStateException;

/** The deferred-fence record in its SSM parameter; absent reads as {@link FenceState#NONE}. */
public final class FenceRecord {
    private final SsmParameters parameters;
    private final String parameterName;

    public FenceRecord(SsmParameters parameters, String parameterName) {
        this.parameters = parameters;
        this.parameterName = parameterName;
    }

    public String parameterName() {
        return parameterName;
    }

    public FenceState read() {
        return parameters.get(parameterName).map(FenceRecord::parse).orElse(FenceState.NONE);
    }

    public void write(FenceState state) {
        try {
            parameters.put(parameterName, Json.MAPPER.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FenceState parse(String value) {
        try {
            return Json.MAPPER.readValue(value, FenceState.class);
        } catch (JsonProcessingException e) {
            throw new UnsafeStateException("the deferred-fence record is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
