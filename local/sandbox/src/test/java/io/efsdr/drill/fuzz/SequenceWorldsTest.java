package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.drill.SequenceReport;
import io.efsdr.sandbox.Scenario;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's sequence worlds (issue 21, point 1): drawn often enough, and each a valid command. */
class SequenceWorldsTest {
    @Test
    void generate_drawsSequencesOverlappingRunsAndFaultRunsInAtLeast20Of1000Worlds() {
        WorldGenerator generator = new WorldGenerator(300, true);
        Map<String, Integer> coverage = new TreeMap<>();
        for (long seed = 0; seed < 1000; seed++) {
            World world = generator.generate(seed);
            world.features().forEach(f -> coverage.merge(f, 1, Integer::sum));
            if (!SequenceWorlds.isSequence(world.workflow())) {
                continue;
            }
            Scenario scenario = Scenario.parse(world.scenario(), null);
            List<SequenceReport.Step> steps = SequenceWorlds.steps(world.workflow());
            assertEquals(
                    steps.get(0).workflow().equals("failback") ? "dr" : "primary",
                    scenario.activeSide(),
                    world.workflow());
            for (JsonNode fault : world.scenario().path("faults")) {
                for (JsonNode run : fault.path("runs")) {
                    assertTrue(
                            run.asInt() >= 1 && run.asInt() <= steps.size(), world.scenario() + " " + world.workflow());
                }
            }
        }
        for (String feature : List.of("sequence", "overlapping", "fault:runs")) {
            assertTrue(coverage.getOrDefault(feature, 0) >= 20, feature + " in " + coverage);
        }
    }

    @Test
    void steps_readTheCommandsWords() {
        assertEquals(
                List.of(new SequenceReport.Step("failover", null), new SequenceReport.Step("readiness", 120L)),
                SequenceWorlds.steps("sequence failover --at 120 readiness"));
    }
}
