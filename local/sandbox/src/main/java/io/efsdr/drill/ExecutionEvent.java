package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a local execution, as the ASL runner reports it.
 *
 * @param input a StateEntered event's state input (what a redrive of that state starts from)
 * @param inputBytes and {@code outputBytes}: the UTF-8 size of the state's input (on entering and
 *     leaving a state) and output (on leaving it) as JSON, 0 when the event has none
 */
public record ExecutionEvent(
        String type,
        long at,
        String state,
        String stateType,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        long inputBytes,
        long outputBytes) {}
