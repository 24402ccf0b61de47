package io.efsdr.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads every {@link DrPlan} through {@link PlanValidator}, so no unchecked plan enters a step. */
public final class PlanDeserializer extends JsonDeserializer<DrPlan> {
    @Override
    public DrPlan deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        return new PlanValidator().validate(tree);
    }
}
