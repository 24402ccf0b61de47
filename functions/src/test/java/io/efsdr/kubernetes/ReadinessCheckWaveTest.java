package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Waves;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failback's "DR Stopped?" used to take the next wave on And($.steps.quiesce.ready == true,
 * $.steps.quiesce.moreWaves == true); it now reads {@code nextWaveDue}. Every combination of the
 * two, through the wave a poll is in, must decide as the old Choice did, in the state's JSON too.
 */
class ReadinessCheckWaveTest {

    private static boolean theOldChoice(JsonNode check) {
        return check.path("ready").asBoolean() && check.path("moreWaves").asBoolean();
    }

    @Test
    void everyCombinationTheOldChoiceCoveredDecidesAlike() {
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (boolean ready : new boolean[] {false, true}) {
            for (Waves.Wave wave : List.of(
                    new Waves.Wave(0, List.of(), List.of(), null),
                    new Waves.Wave(1, List.of(), List.of(), 2),
                    new Waves.Wave(2, List.of(), List.of(), null))) {
                ReadinessCheck check = check(ready).inWave(wave);
                JsonNode json = Json.MAPPER.valueToTree(check);
                boolean old = theOldChoice(json);
                if (check.nextWaveDue() != old || json.path("nextWaveDue").asBoolean(!old) != old) {
                    differ.add(ready + "/wave " + wave.number() + ": old " + old + ", now " + check.nextWaveDue());
                }
                checked++;
            }
        }
        assertEquals(List.of(), differ);
        assertEquals(6, checked);
        assertTrue(
                check(true).inWave(new Waves.Wave(1, List.of(), List.of(), 2)).nextWaveDue());
        assertFalse(
                check(false).inWave(new Waves.Wave(1, List.of(), List.of(), 2)).nextWaveDue());
    }

    @Test
    void theFlagIsWrittenIntoTheStateAndNotReadBack() throws Exception {
        JsonNode json = Json.MAPPER.valueToTree(check(true).inWave(new Waves.Wave(1, List.of(), List.of(), 2)));
        ReadinessCheck read = Json.MAPPER.treeToValue(((ObjectNode) json).put("ready", false), ReadinessCheck.class);
        assertFalse(read.nextWaveDue());
    }

    private static ReadinessCheck check(boolean ready) {
        Instant at = Instant.parse("2026-11-25T03:00:00Z");
        return new ReadinessCheck(
                ready, "shop-dr", "zero", 2, ready ? 2 : 1, 1, at.plusSeconds(600), List.of(), "s", at, at);
    }
}
