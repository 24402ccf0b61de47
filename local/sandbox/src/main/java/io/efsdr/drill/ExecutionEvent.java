package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of a local execution, as the ASL runner reports it. */
public record ExecutionEvent(String type, long at, String state, String stateType, JsonNode output, String error, String cause) {}
