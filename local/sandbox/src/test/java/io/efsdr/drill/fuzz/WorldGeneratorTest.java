package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.Scenario;
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

    @Test
    void everyWorldIsAValidScenarioAndEveryFeatureIsDrawnInAtLeast20Of1000Worlds() {
        WorldGenerator generator = new WorldGenerator(300, true);
        Map<String, Integer> coverage = new TreeMap<>();
        for (long seed = 0; seed < 1000; seed++) {
            World world = generator.generate(seed);
            Scenario.parse(world.scenario(), null); // refuses an unknown field or a bad value
            world.features().forEach(f -> coverage.merge(f, 1, Integer::sum));
        }
        for (String feature : new String[] {
            "workflow:failover",
            "workflow:failback",
            "workflow:cycle",
            "workloads:over20",
            "waves",
            "endedPods",
            "replicationLag:high",
            "syncInterval",
            "syncJitter",
            "planTimeouts",
            "primaryUnreachable",
            "primaryReturns",
            "deleteHangs",
            "controllers",
            "unplannedWriters",
            "faults",
            "hooks",
            "hook:fails",
            "hook:slow",
            "hook:duplicate",
            "traffic:routing-control",
            "traffic:route53",
            "traffic:endpointsDown",
            "approval:approve",
            "approval:reject",
            "approval:timeout",
            "onUnprovenSync:promote",
            "onUnprovenSync:abort",
            "dryRun"
        }) {
            assertTrue(coverage.getOrDefault(feature, 0) >= 20, feature + " in " + coverage);
        }
    }
}
