package io.efsdr.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.efsdr.config.Json;
import io.efsdr.config.SsmParameters;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.gitops.HandOverChange;
import io.efsdr.gitops.HandOverLedger;
import java.util.List;

/**
 * The deferred-fence record in its SSM parameter; absent reads as {@link FenceState#NONE}. It also
 * keeps the GitOps hand-over's ledger ({@link FenceState#handedOver()}), which outlives the fence.
 */
public final class FenceRecord implements HandOverLedger {
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

    @Override
    public List<HandOverChange> handedOver() {
        return read().handedOver();
    }

    @Override
    public void recordHandedOver(List<HandOverChange> changes) {
        write(read().withHandedOver(changes));
    }

    private static FenceState parse(String value) {
        try {
            return Json.MAPPER.readValue(value, FenceState.class);
        } catch (JsonProcessingException e) {
            throw new UnsafeStateException("the deferred-fence record is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
