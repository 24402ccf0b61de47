package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.efsdr.config.Json;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.WaveStep;
import io.efsdr.plan.Waves;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleResultTest {
    private static final List<Workload> WORKLOADS = List.of(
            new Workload("shop", WorkloadKind.StatefulSet, "db", 1, 0, 1),
            new Workload("shop", WorkloadKind.Deployment, "web", 3, 0, 2));
    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void inWave_whenAnEarlierWaveWasScaled_expectTheLoopFromItsStartWithEveryWaveCounted() {
        ScaleResult first = result(FIRST, 1).inWave(Waves.at(WORKLOADS, ReplicaLevel.ZERO, 0), new WaveStep(0, null));
        ScaleResult second = result(FIRST.plusSeconds(60), 1)
                .inWave(Waves.at(WORKLOADS, ReplicaLevel.ZERO, 1), new WaveStep(1, Json.MAPPER.valueToTree(first)));

        assertEquals(2, first.wave());
        assertEquals(1, second.wave());
        assertEquals(FIRST, second.startedAt());
        assertEquals(FIRST.plusSeconds(61), second.finishedAt());
        assertEquals(2, second.scaled());
        assertEquals(2, second.workloads());
    }

    @Test
    void inWave_whenTheStepTakesEveryWorkload_expectTheResultUnchanged() {
        ScaleResult all = result(FIRST, 2);

        assertEquals(all, all.inWave(Waves.at(WORKLOADS, ReplicaLevel.ZERO, (Integer) null), null));
    }

    private static ScaleResult result(Instant at, int scaled) {
        return new ScaleResult(
                "shop-dr", "zero", scaled, scaled, 0, List.of(), List.of(), "scaled", at, at.plusSeconds(1));
    }
}
