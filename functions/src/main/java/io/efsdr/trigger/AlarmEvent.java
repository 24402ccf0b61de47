package io.efsdr.trigger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The EventBridge envelope of a CloudWatch alarm state change (only the fields the trigger
 * reads); {@code detail} is kept as a tree so a wrong shape is reported field by field.
 */
public record AlarmEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        JsonNode detail) {}
