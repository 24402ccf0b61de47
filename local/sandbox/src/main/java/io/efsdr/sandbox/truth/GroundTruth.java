package io.efsdr.sandbox.truth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What really happened to the data, worked out by the sandbox from its own records and never from
 * what the handlers report: which writes each file system accepted, what replication carried, and
 * what the file system serving at the end holds.
 *
 * <p>The model follows the EFS user guide ("Replicating file systems"): a replication copies the
 * source onto the destination, which is read-only meanwhile; {@code LastReplicatedTimestamp} means
 * every change made on the source before it is on the destination (later ones may not be); a
 * replication to an existing file system replaces what the destination held once its first sync
 * completes. So the content of a file system is what its last completed inbound replication
 * brought, plus its own accepted writes since that replication was created.
 *
 * <p>A lost write is one of two kinds, which an operator acts on differently. Made while its file
 * system was the only writable one (before the other side was promoted), it never reached the
 * promoted side: the recovery point, what a run's data-loss window reports ({@code
 * lostWriteSeconds}). Made while another file system was writable too (after the other side's
 * promotion: the two had diverged), it is a split-brain write ({@code splitBrainLostWriteSeconds}):
 * no run could have carried it, the split-brain guard bounds and reports it.
 */
public final class GroundTruth {
    /** A replication that existed: its last sync ({@code null} if its first sync never completed). */
    public record Flow(
            String sourceFileSystemId, String destinationFileSystemId, Instant createdAt, Instant lastReplicatedAt) {}

    /**
     * @param lostWriteSeconds the longest span of writes accepted by some file system, while no
     *     other file system was writable, that never reached the file system serving at the end
     *     (the recovery point); 0 when nothing was lost
     * @param splitBrainSeconds how long writers ran on two writable file systems at once
     * @param splitBrain the spans with writers on two writable file systems
     * @param lost per file system, its writes missing from the one serving at the end (both kinds)
     * @param splitBrainLostWriteSeconds how long, in all, file systems accepted writes while another
     *     file system was writable too (after it was promoted), that never reached the one serving
     *     at the end; 0 when none
     */
    public record Result(
            double lostWriteSeconds,
            double splitBrainSeconds,
            Spans splitBrain,
            Map<String, Spans> lost,
            double splitBrainLostWriteSeconds) {}

    private GroundTruth() {}

    /**
     * @param writes per file system, the spans during which it accepted writes (writers running
     *     there, file system writable, region up)
     * @param flows every replication, in any order
     * @param serving the file system that serves at the end
     * @param end now
     */
    public static Result compute(Map<String, Spans> writes, List<Flow> flows, String serving, Instant end) {
        return compute(writes, Map.of(), flows, serving, end);
    }

    /**
     * As {@link #compute(Map, List, String, Instant)}, telling the two kinds of lost writes apart.
     *
     * @param writable per file system, the spans during which it was writable (whatever its
     *     region's state): a write on one file system while another was writable is a split-brain
     *     write
     */
    public static Result compute(
            Map<String, Spans> writes, Map<String, Spans> writable, List<Flow> flows, String serving, Instant end) {
        Map<String, Map<String, Spans>> base = new HashMap<>();
        Map<String, Long> epoch = new HashMap<>();
        List<Flow> ordered = new ArrayList<>(flows);
        ordered.sort(Comparator.comparing(Flow::createdAt));
        for (Flow flow : ordered) {
            if (flow.lastReplicatedAt() == null) {
                continue;
            }
            base.put(
                    flow.destinationFileSystemId(),
                    contentOf(flow.sourceFileSystemId(), flow.lastReplicatedAt().toEpochMilli(), writes, base, epoch));
            epoch.put(flow.destinationFileSystemId(), flow.createdAt().toEpochMilli());
        }
        Map<String, Spans> served = contentOf(serving, end.toEpochMilli(), writes, base, epoch);
        Map<String, Spans> lost = new LinkedHashMap<>();
        long longest = 0;
        long diverged = 0;
        for (Map.Entry<String, Spans> written : writes.entrySet()) {
            Spans missing = written.getValue()
                    .before(end.toEpochMilli())
                    .minus(served.getOrDefault(written.getKey(), Spans.EMPTY));
            lost.put(written.getKey(), missing);
            Spans othersWritable = Spans.EMPTY;
            for (Map.Entry<String, Spans> other : writable.entrySet()) {
                if (!other.getKey().equals(written.getKey())) {
                    othersWritable = othersWritable.union(other.getValue());
                }
            }
            Spans splitBrainWrites = missing.intersect(othersWritable);
            longest = Math.max(longest, missing.minus(splitBrainWrites).longestMillis());
            diverged += splitBrainWrites.totalMillis();
        }
        Spans splitBrain = twoOrMore(writes, end.toEpochMilli());
        return new Result(longest / 1000.0, splitBrain.totalMillis() / 1000.0, splitBrain, lost, diverged / 1000.0);
    }

    private static Spans twoOrMore(Map<String, Spans> writes, long end) {
        List<Spans> all = writes.values().stream().map(s -> s.before(end)).toList();
        Spans result = Spans.EMPTY;
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                result = result.union(all.get(i).intersect(all.get(j)));
            }
        }
        return result;
    }

    /** The content of {@code fs} as of {@code at}: what came in last, plus its own writes since. */
    private static Map<String, Spans> contentOf(
            String fs,
            long at,
            Map<String, Spans> writes,
            Map<String, Map<String, Spans>> base,
            Map<String, Long> epoch) {
        Map<String, Spans> content = new HashMap<>(base.getOrDefault(fs, Map.of()));
        Spans own = writes.getOrDefault(fs, Spans.EMPTY)
                .from(epoch.getOrDefault(fs, Long.MIN_VALUE))
                .before(at);
        content.merge(fs, own, Spans::union);
        return content;
    }
}
