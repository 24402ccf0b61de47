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
 */
public final class GroundTruth {
    /** A replication that existed: its last sync ({@code null} if its first sync never completed). */
    public record Flow(
            String sourceFileSystemId, String destinationFileSystemId, Instant createdAt, Instant lastReplicatedAt) {}

    /**
     * @param lostWriteSeconds the longest span of writes accepted by some file system that never
     *     reached the file system serving at the end; 0 when nothing was lost
     * @param splitBrainSeconds how long writers ran on two writable file systems at once
     * @param splitBrain the spans with writers on two writable file systems
     */
    public record Result(
            double lostWriteSeconds, double splitBrainSeconds, Spans splitBrain, Map<String, Spans> lost) {}

    private GroundTruth() {}

    /**
     * @param writes per file system, the spans during which it accepted writes (writers running
     *     there, file system writable, region up)
     * @param flows every replication, in any order
     * @param serving the file system that serves at the end
     * @param end now
     */
    public static Result compute(Map<String, Spans> writes, List<Flow> flows, String serving, Instant end) {
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
        for (Map.Entry<String, Spans> written : writes.entrySet()) {
            Spans missing = written.getValue()
                    .before(end.toEpochMilli())
                    .minus(served.getOrDefault(written.getKey(), Spans.EMPTY));
            lost.put(written.getKey(), missing);
            longest = Math.max(longest, missing.longestMillis());
        }
        Spans splitBrain = twoOrMore(writes, end.toEpochMilli());
        return new Result(longest / 1000.0, splitBrain.totalMillis() / 1000.0, splitBrain, lost);
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
