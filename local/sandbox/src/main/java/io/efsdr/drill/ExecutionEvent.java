package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a local execution, as the ASL runner reports it.
 *
 * @param input a StateEntered event's state input (what a redrive of that state starts from)
 */
public record ExecutionEvent(String type, long at, String state, String stateType, JsonNode input, JsonNode output, String error,
    String cause) {}
