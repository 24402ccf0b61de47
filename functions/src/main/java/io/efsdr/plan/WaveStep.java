package io.efsdr.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a wave-by-wave loop of the state machine stands ({@code $.waves}): the position of the wave
 * to take in the order {@link Waves} gives (0 first) and, after the first, the scale result of the
 * waves before it, so the step's result covers the whole loop (when it began, how many it scaled).
 *
 * @param before the previous wave's scale result as the state holds it; null for the first wave
 */
public record WaveStep(int position, JsonNode before) {}
