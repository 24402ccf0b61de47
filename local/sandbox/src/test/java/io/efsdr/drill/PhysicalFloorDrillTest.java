package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The report's physical floor is the world's own delays, added up as the sandbox's physics orders
 * them, and no real run beats it. No timing is asserted beyond that invariant.
 */
class PhysicalFloorDrillTest {
    /** A database of three ordinals (stopped and started one at a time) in wave 1, two Deployments in wave 2. */
    private static final String WORLD = """
            {"promotionDelaySeconds": 45, "readinessDelaySeconds": 15, "replicationLagSeconds": 20,
             "terminationGraceSeconds": 10,
             "workloads": [
               {"kind": "StatefulSet", "name": "orders-db", "activeReplicas": 3, "wave": 1},
               {"kind": "Deployment", "name": "web", "activeReplicas": 3, "wave": 2},
               {"kind": "Deployment", "name": "api", "activeReplicas": 2, "wave": 2}]%s}""";

    @Test
    void failover_graceful_floorIsStopThenSyncThenPromotionThenEachWave() {
        try (DrillHarness h = new DrillHarness(WORLD.formatted(""))) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals("graceful", report.mode());
            // stop 3 x 10 (ordinals one at a time) + the write fence's propagation 180, then a sync
            // that starts after it (lag 20: a mount outside the plan may write until the fence has
            // propagated) + promotion 45 + wave 1: 3 x 15 + wave 2: 15
            assertEquals(30.0 + 180 + 20 + 45 + 45 + 15, report.floorSeconds());
            assertTrue(report.rtoSeconds() >= report.floorSeconds(), report.rtoSeconds() + " s beat the floor");
            assertEquals(report.rtoSeconds() - report.floorSeconds(), report.overheadSeconds(), 1e-9);
        }
    }

    @Test
    void failover_primaryDown_floorIsPromotionThenEachWave() {
        try (DrillHarness h = new DrillHarness(WORLD.formatted(", \"primaryReachable\": false"))) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals("ungraceful", report.mode());
            assertEquals(45.0 + 45 + 15, report.floorSeconds());
            assertTrue(report.rtoSeconds() >= report.floorSeconds(), report.rtoSeconds() + " s beat the floor");
        }
    }

    @Test
    void failback_hasNoFloor() {
        try (DrillHarness h = new DrillHarness(WORLD.formatted(", \"activeSide\": \"dr\""))) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertNotNull(report.rtoSeconds());
            assertNull(report.floorSeconds());
            assertNull(report.overheadSeconds());
        }
    }
}
