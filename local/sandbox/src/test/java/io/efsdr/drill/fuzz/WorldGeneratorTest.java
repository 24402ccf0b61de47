package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.Scenario;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorldGeneratorTest {
    @Test
    void theSameSeedGivesTheSameWorld() {
        WorldGenerator generator = new WorldGenerator(300, true);
        for (long seed = 0; seed < 50; seed++) {
            assertEquals(generator.generate(seed), generator.generate(seed));
        }
    }

    /**
     * 1000 worlds from a fixed seed (generated, not run): each is a valid scenario, and every feature
     * the generator names ({@link WorldGenerator#FEATURES}, the one list) is drawn in at least 20.
     */
    @Test
    void everyWorldIsAValidScenarioAndEveryFeatureIsDrawnInAtLeast20Of1000Worlds() {
        WorldGenerator generator = new WorldGenerator(300, true);
        Map<String, Integer> coverage = new TreeMap<>();
        for (long seed = 0; seed < 1000; seed++) {
            World world = generator.generate(seed);
            Scenario.parse(world.scenario(), null); // refuses an unknown field or a bad value
            world.features().forEach(f -> coverage.merge(f, 1, Integer::sum));
        }
        List<String> rare = WorldGenerator.FEATURES.stream()
                .filter(f -> coverage.getOrDefault(f, 0) < 20)
                .toList();

        assertEquals(List.of(), rare, "features drawn in fewer than 20 of 1000 worlds; coverage " + coverage);
        assertTrue(
                WorldGenerator.FEATURES.containsAll(coverage.keySet()),
                coverage.keySet().toString());
    }

    @Test
    void everyWorldScriptsItsApprovalsSoThatNoApprovalWaitsInRealTime() {
        WorldGenerator generator = new WorldGenerator(6, false);
        for (long seed = 1000; seed < 1100; seed++) {
            World world = generator.generate(seed);
            assertTrue(
                    world.scenario().path("approvals").isArray(),
                    world.scenario().toString());
        }
    }

    @Test
    void aWorldWithFaultsOrCrashesRedrivesAndItsCrashesNameStatesOfItsWorkflows() {
        WorldGenerator generator = new WorldGenerator(300, true);
        int faulted = 0;
        int crashes = 0;
        for (long seed = 0; seed < 300; seed++) {
            World world = generator.generate(seed);
            if (world.hasFaults()) {
                faulted++;
                assertTrue(
                        world.scenario().path("redrive").asBoolean(),
                        world.scenario().toString());
            }
            for (var crash : world.scenario().path("crashes")) {
                List<String> workflows = world.workflow().equals("cycle")
                        ? List.of("failover", "failback")
                        : List.of(world.workflow().split(" "));
                String state = crash.get("state").asText();
                crashes++;
                assertTrue(
                        io.efsdr.handler.StepCatalogue.STEPS.stream()
                                .anyMatch(s -> workflows.contains(s.workflow())
                                        && s.state().equals(state)),
                        state + " in " + world.workflow());
            }
        }
        // Both checks above sit in a branch or loop: they must have run.
        assertTrue(faulted > 0, "no world with faults in 300 seeds");
        assertTrue(crashes > 0, "no crash in 300 seeds");
    }

    @Test
    void theHooksOfOnePointFitInOneRunHooksInvocation() {
        WorldGenerator generator = new WorldGenerator(300, true);
        int withHooks = 0;
        for (long seed = 0; seed < 1000; seed++) {
            java.util.Map<String, Integer> seconds = new java.util.HashMap<>();
            for (var hook : generator.generate(seed).scenario().path("plan").path("hooks")) {
                seconds.merge(
                        hook.get("at").asText(), hook.get("timeoutSeconds").asInt(), Integer::sum);
            }
            withHooks += seconds.isEmpty() ? 0 : 1;
            for (var e : seconds.entrySet()) {
                assertTrue(
                        e.getValue() <= io.efsdr.plan.PlanValidator.MAX_HOOK_SECONDS_PER_POINT,
                        "seed " + seed + ": " + e.getValue() + " s of hooks at " + e.getKey());
            }
        }
        assertTrue(withHooks > 0, "no world drew hooks");
    }
}
