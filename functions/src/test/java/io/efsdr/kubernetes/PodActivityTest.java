package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pods may still write: everything but the ones whose containers ended. */
class PodActivityTest {
    private static JsonNode pod(String phase, boolean terminating) {
        ObjectNode pod = Json.MAPPER.createObjectNode();
        ObjectNode metadata = pod.putObject("metadata").put("name", "web-1");
        if (terminating) {
            metadata.put("deletionTimestamp", "2026-12-01T10:00:00Z").put("deletionGracePeriodSeconds", 30);
        }
        if (phase != null) {
            pod.putObject("status").put("phase", phase);
        }
        return pod;
    }

    @Test
    void of_whenRunningOrPending_isActiveAndMayWrite() {
        assertAll(
                () -> assertEquals(PodActivity.ACTIVE, PodActivity.of(pod("Running", false))),
                () -> assertEquals(PodActivity.ACTIVE, PodActivity.of(pod("Pending", false))),
                () -> assertEquals(PodActivity.ACTIVE, PodActivity.of(pod(null, false)), "no status yet"),
                () -> assertTrue(PodActivity.ACTIVE.mayWrite()));
    }

    @Test
    void of_whenFailedOrSucceeded_hasEndedAndDoesNotWrite() {
        assertAll(
                () -> assertEquals(PodActivity.ENDED, PodActivity.of(pod("Failed", false)), "evicted"),
                () -> assertEquals(PodActivity.ENDED, PodActivity.of(pod("Succeeded", false))),
                () -> assertEquals(
                        PodActivity.ENDED, PodActivity.of(pod("Failed", true)), "ended, then deleted: still ended"),
                () -> assertFalse(PodActivity.ENDED.mayWrite()));
    }

    @Test
    void of_whenTerminating_mayStillWrite() {
        assertAll(
                () -> assertEquals(PodActivity.TERMINATING, PodActivity.of(pod("Running", true))),
                () -> assertTrue(PodActivity.TERMINATING.mayWrite()));
    }

    @Test
    void of_whenPhaseUnknown_mayStillWriteTerminatingOrNot() {
        assertAll(
                () -> assertEquals(PodActivity.UNKNOWN, PodActivity.of(pod("Unknown", false))),
                () -> assertEquals(
                        PodActivity.UNKNOWN, PodActivity.of(pod("Unknown", true)), "stuck on a NotReady node"),
                () -> assertTrue(PodActivity.UNKNOWN.mayWrite()));
    }

    @Test
    void writers_countsOnlyThePodsThatMayWrite() {
        List<JsonNode> pods = List.of(
                pod("Running", false),
                pod("Failed", false),
                pod("Succeeded", false),
                pod("Unknown", false),
                pod("Running", true));

        assertEquals(3, PodActivity.writers(pods));
    }
}
