package io.efsdr.sandbox.truth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
    private static final String P = "fs-p";
    private static final String D = "fs-d";

    @Test
    void compute_whenWritersStopBeforeTheLastSync_expectNothingLost() {
        Map<String, Spans> writes = Map.of(P, Spans.of(0, s(100)), D, Spans.of(s(200), s(300)));
        List<GroundTruth.Flow> flows = List.of(new GroundTruth.Flow(P, D, at(-1000), at(150)));

        GroundTruth.Result result = GroundTruth.compute(writes, flows, D, at(300));

        assertAll(
                () -> assertEquals(0.0, result.lostWriteSeconds()),
                () -> assertEquals(0.0, result.splitBrainSeconds()));
    }

    @Test
    void compute_whenPromotedWithLag_expectTheLagAfterTheLastSyncLost() {
        Map<String, Spans> writes = Map.of(P, Spans.of(0, s(100)), D, Spans.of(s(120), s(300)));
        List<GroundTruth.Flow> flows = List.of(new GroundTruth.Flow(P, D, at(-1000), at(40)));

        assertEquals(60.0, GroundTruth.compute(writes, flows, D, at(300)).lostWriteSeconds());
    }

    @Test
    void compute_whenFailbackReplicatesDrOntoThePrimary_expectOnlyThePrimaryWritesNeverCarriedLost() {
        Map<String, Spans> writes = Map.of(
                P, Spans.of(0, s(100)).union(Spans.of(s(500), s(600))),
                D, Spans.of(s(120), s(400)));
        List<GroundTruth.Flow> flows =
                List.of(new GroundTruth.Flow(P, D, at(-1000), at(90)), new GroundTruth.Flow(D, P, at(300), at(450)));

        GroundTruth.Result result = GroundTruth.compute(writes, flows, P, at(600));

        assertAll(
                () -> assertEquals(
                        10.0,
                        result.lostWriteSeconds(),
                        "the primary's writes 90..100 never reached DR and were overwritten"),
                () -> assertEquals(Spans.of(s(90), s(100)), result.lost().get(P)),
                () -> assertEquals(Spans.EMPTY, result.lost().get(D)));
    }

    @Test
    void compute_whenBothRegionsWrite_expectTheOverlapAsSplitBrain() {
        Map<String, Spans> writes = Map.of(P, Spans.of(0, s(130)), D, Spans.of(s(100), s(300)));
        List<GroundTruth.Flow> flows = List.of(new GroundTruth.Flow(P, D, at(-1000), at(90)));

        GroundTruth.Result result = GroundTruth.compute(writes, flows, D, at(300));

        assertAll(
                () -> assertEquals(30.0, result.splitBrainSeconds()),
                () -> assertEquals(40.0, result.lostWriteSeconds()));
    }

    @Test
    void compute_whenTheFirstSyncNeverCompleted_expectTheDestinationKeepsItsOwnContent() {
        Map<String, Spans> writes = Map.of(P, Spans.of(0, s(100)), D, Spans.of(s(200), s(300)));
        List<GroundTruth.Flow> flows =
                List.of(new GroundTruth.Flow(P, D, at(-1000), at(100)), new GroundTruth.Flow(D, P, at(310), null));

        assertEquals(100.0, GroundTruth.compute(writes, flows, P, at(400)).lostWriteSeconds());
    }

    @Test
    void compute_whenTheOldPrimaryWritesAfterDrWasPromoted_expectThoseCountedAsSplitBrainWritesNotAsTheRecoveryPoint() {
        // Primary lost at 100 s (last sync at 40 s), DR promoted (writable) at 160 s, the primary back
        // at 300 s writing until 480 s while DR serves: 60 s before the promotion, 180 s after it.
        Map<String, Spans> writes = Map.of(
                P, Spans.of(0, s(100)).union(Spans.of(s(300), s(480))),
                D, Spans.of(s(160), s(600)));
        Map<String, Spans> writable = Map.of(P, Spans.of(Long.MIN_VALUE, Long.MAX_VALUE), D, Spans.of(s(160), s(600)));
        List<GroundTruth.Flow> flows = List.of(new GroundTruth.Flow(P, D, at(-1000), at(40)));

        GroundTruth.Result result = GroundTruth.compute(writes, writable, flows, D, at(600));

        assertAll(
                () -> assertEquals(60.0, result.lostWriteSeconds()),
                () -> assertEquals(180.0, result.splitBrainLostWriteSeconds()),
                () -> assertEquals(180.0, result.splitBrainSeconds()),
                () -> assertEquals(
                        180.0,
                        GroundTruth.compute(writes, flows, D, at(600)).lostWriteSeconds(),
                        "without the writable spans every lost write counts as the recovery point"));
    }

    @Test
    void spans_minusAndIntersect_expectExactEdges() {
        Spans a = Spans.of(0, 100).union(Spans.of(200, 300));
        assertAll(
                () -> assertEquals(Spans.of(0, 50).union(Spans.of(250, 300)), a.minus(Spans.of(50, 250))),
                () -> assertEquals(Spans.of(50, 100).union(Spans.of(200, 250)), a.intersect(Spans.of(50, 250))),
                () -> assertEquals(Spans.of(0, 100).union(Spans.of(200, 210)), a.before(210)),
                () -> assertEquals(100, a.longestMillis()));
    }

    private static long s(long seconds) {
        return seconds * 1000;
    }

    private static Instant at(long seconds) {
        return Instant.ofEpochMilli(s(seconds));
    }
}
