package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WavesTest {
    private static final Workload DB = new Workload("shop", WorkloadKind.StatefulSet, "db", 1, 0, 1);
    private static final Workload WEB = new Workload("shop", WorkloadKind.Deployment, "web", 3, 0, 2);
    private static final Workload API = new Workload("shop", WorkloadKind.Deployment, "api", 2, 0, 2);
    private static final Workload CACHE = new Workload("shop", WorkloadKind.Deployment, "cache", 1, 0, 5);
    private static final List<Workload> ALL = List.of(WEB, DB, CACHE, API);

    @Test
    void order_whenStarting_expectLowestFirst() {
        assertEquals(List.of(1, 2, 5), Waves.order(ALL, ReplicaLevel.ACTIVE));
        assertEquals(List.of(1, 2, 5), Waves.order(ALL, ReplicaLevel.STANDBY));
    }

    @Test
    void order_whenStopping_expectHighestFirst() {
        assertEquals(List.of(5, 2, 1), Waves.order(ALL, ReplicaLevel.ZERO));
    }

    @Test
    void at_whenStarting_expectTheWaveAndWhatWasStartedBefore() {
        Waves.Wave second = Waves.at(ALL, ReplicaLevel.ACTIVE, 1);

        assertEquals(2, second.number());
        assertEquals(List.of(WEB, API), second.workloads());
        assertEquals(List.of(WEB, DB, API), second.sofar());
        assertEquals(2, second.next());
    }

    @Test
    void at_whenStoppingTheLastWave_expectTheLowestAndNoNext() {
        Waves.Wave last = Waves.at(ALL, ReplicaLevel.ZERO, 2);

        assertEquals(1, last.number());
        assertEquals(List.of(DB), last.workloads());
        assertEquals(ALL, last.sofar());
        assertNull(last.next());
    }

    @Test
    void at_whenNoPosition_expectEveryWorkloadAtOnce() {
        Waves.Wave all = Waves.at(ALL, ReplicaLevel.ZERO, (Integer) null);

        assertEquals(ALL, all.workloads());
        assertNull(all.next());
    }

    @Test
    void at_whenThePlanNamesNoWave_expectOneWaveOfAll() {
        List<Workload> plain = List.of(
                new Workload("shop", WorkloadKind.Deployment, "web", 3, 0),
                new Workload("shop", WorkloadKind.Deployment, "api", 2, 0));

        Waves.Wave only = Waves.at(plain, ReplicaLevel.ACTIVE, 0);

        assertEquals(plain, only.workloads());
        assertNull(only.next());
        assertEquals(1, Waves.count(plain));
    }

    @Test
    void at_whenPositionIsPastTheLastWave_expectInvalidInput() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Waves.at(ALL, ReplicaLevel.ACTIVE, 3));

        assertTrue(e.getMessage().startsWith("wave: "), e.getMessage());
    }

    @Test
    void longestRun_whenThereAreMoreWaves_expectOneReadinessWaitPerWave() {
        long one = WorkflowLimits.longestRunSeconds("failover", Timeouts.DEFAULTS, 3600, 1);
        long three = WorkflowLimits.longestRunSeconds("failover", Timeouts.DEFAULTS, 3600, 3);
        long failbackOne = WorkflowLimits.longestRunSeconds("failback", Timeouts.DEFAULTS, 3600, 1);
        long failbackThree = WorkflowLimits.longestRunSeconds("failback", Timeouts.DEFAULTS, 3600, 3);

        assertEquals(2 * Timeouts.DEFAULTS.readinessSeconds(), three - one);
        assertEquals(4 * Timeouts.DEFAULTS.readinessSeconds(), failbackThree - failbackOne);
        assertEquals(one, WorkflowLimits.longestRunSeconds("failover", Timeouts.DEFAULTS, 3600));
    }

    @Test
    void fingerprint_whenAWaveChanges_expectAnotherFingerprint() {
        Workload plain = new Workload("shop", WorkloadKind.Deployment, "web", 3, 0);

        assertEquals(
                WorkloadScope.fingerprint(List.of(plain)),
                WorkloadScope.fingerprint(List.of(new Workload("shop", WorkloadKind.Deployment, "web", 3, 0, 1))));
        assertTrue(!WorkloadScope.fingerprint(List.of(plain)).equals(WorkloadScope.fingerprint(List.of(WEB))));
    }
}
