package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.drill.ExecutionRunner;
import io.efsdr.drill.HandlerHost;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fuzzer must catch a broken handler: each {@link Mutant} breaks one safety rule from the test
 * side (through {@link HandlerHost.Mutation}; the production handlers have no hook), and the fixed
 * CI seed set of {@link FuzzDrillTest} (its seeds and generator, not a copy) must hold a world in
 * which the judge fails the property named for it. Fail-fast ({@link Fuzzer#runUntil}): the seeds
 * run in order and stop at the first world that fails that property; nothing is shrunk. That the
 * same seeds pass with the real handlers is {@link FuzzDrillTest}'s assertion, not repeated here.
 */
class BrokenHandlerFuzzTest {

    /** A deliberately broken handler and the property that must catch it. */
    enum Mutant {
        /**
         * The final-sync proof accepts any sync: both final syncs (the failover's and the
         * failback's, the sync waits that carry the write fence) are checked against the beginning
         * of time instead of the writers' stop and the fence's propagation, so the run promotes on
         * the first sync it sees; and the promote step's proof calls any sync after a graceful stop
         * a proof (window 0, proven). Writes between that sync and the stop are lost while the
         * window is reported proven: P1.
         */
        FINAL_SYNC_PROOF_ACCEPTS_ANY_SYNC("P1", world -> true, (function, request, handler) -> {
            if (function.equals("CheckSyncFunction") && request.has("fence")) {
                ObjectNode any = request.deepCopy();
                any.put("after", Instant.EPOCH.toString());
                any.putNull("fence");
                return handler.invoke(any);
            }
            if (function.equals("PromoteFileSystemFunction")) {
                ObjectNode result = (ObjectNode) handler.invoke(request);
                if (result.hasNonNull("lastReplicatedAt") && result.hasNonNull("writersStoppedAt")) {
                    result.put("dataLossProven", true).put("dataLossWindowSeconds", 0);
                }
                return result;
            }
            return handler.invoke(request);
        }),

        /**
         * Fencing is a no-op: the write-fence step (every "fence" pass, failover and failback)
         * reports the fence put on, and its propagation counted from then as the real step counts
         * it, without putting the file system policy. A writer outside the plan on the old side
         * keeps writing after the other side is promoted: split brain with no region lost, P2. Only
         * a writer outside the plan meets the fence (the plan's own are scaled to zero), so only the
         * worlds of the fixed set with {@code unplannedWriters} are run.
         */
        FENCE_IS_A_NO_OP("P2", world -> world.scenario().has("unplannedWriters"), (function, request, handler) -> {
            if (!function.equals("WriteFenceFunction")
                    || !request.path("action").asText().equals("fence")) {
                return handler.invoke(request);
            }
            // The real step in a dry run puts nothing; its answer is then dressed as a real fence.
            ObjectNode nothing = request.deepCopy();
            ((ObjectNode) nothing.get("run")).put("dryRun", true);
            ObjectNode result = (ObjectNode) handler.invoke(nothing);
            return fenceReported(request, result);
        }),

        /**
         * The stop check treats every pod as stopped: each wait for zero replicas (the failover's
         * and the failback's stops) answers stopped at its first poll, from then on, whatever pods
         * still run or terminate. Pods in their termination grace write after the final sync's
         * moment, and those writes are lost outside the reported window: P1.
         */
        STOP_CHECK_SEES_EVERY_POD_STOPPED("P1", world -> true, (function, request, handler) -> {
            if (!function.equals("CheckReadinessFunction")
                    || !request.path("replicas").asText().equals("zero")) {
                return handler.invoke(request);
            }
            ObjectNode result = (ObjectNode) handler.invoke(request);
            if (!result.path("ready").asBoolean()) {
                String now = result.get("finishedAt").asText();
                result.put("ready", true)
                        .put("readyCount", result.path("total").asInt())
                        .put("zeroSince", now)
                        .put("writersStoppedAt", now)
                        .put("nextPollSeconds", 0)
                        .put("summary", "every workload stopped (mutant: every pod counted as stopped)");
            }
            return result;
        });

        /** The property the judge must fail in some world. */
        final String property;
        /** The worlds of the fixed set the broken step can matter in (drawn, not run, to choose). */
        final Predicate<World> meets;

        final HandlerHost.Mutation mutation;

        Mutant(String property, Predicate<World> meets, HandlerHost.Mutation mutation) {
            this.property = property;
            this.meets = meets;
            this.mutation = mutation;
        }
    }

    /**
     * A no-op pass's answer as the real fence pass gives it (PrimaryWriteFence): changed at the
     * first pass (kept from a previous fence pass), propagated {@code fencePropagationSeconds} later.
     */
    static ObjectNode fenceReported(JsonNode request, ObjectNode dryRun) {
        JsonNode seconds = request.at("/plan/timeouts/fencePropagationSeconds");
        if (!seconds.isNumber()) {
            throw new IllegalStateException("the write-fence request has no plan.timeouts.fencePropagationSeconds");
        }
        JsonNode previous = request.path("previous");
        Instant started = Instant.parse(dryRun.get("startedAt").asText());
        Instant now = Instant.parse(dryRun.get("finishedAt").asText());
        Instant changedAt = previous.path("action").asText().equals("fence") && previous.hasNonNull("changedAt")
                ? Instant.parse(previous.get("changedAt").asText())
                : started;
        Instant propagatedAt = changedAt.plusSeconds(seconds.asLong());
        boolean propagated = !now.isBefore(propagatedAt);
        long wait = propagated
                ? 0
                : Math.max(1, (Duration.between(now, propagatedAt).toMillis() + 999) / 1000);
        return dryRun.put("outcome", "FENCED")
                .put("changedAt", changedAt.toString())
                .put("propagatedAt", propagatedAt.toString())
                .put("propagated", propagated)
                .put("nextPollSeconds", wait)
                .put("summary", "write-fenced at " + changedAt + " (mutant: no policy put)");
    }

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void theFixedSeedsCatchTheBrokenHandler(Mutant mutant) throws Exception {
        boolean installed =
                Files.isExecutable(ExecutionRunner.projectRoot().resolve("local/runner/node_modules/.bin/node"));
        Assumptions.assumeTrue(installed || System.getenv("CI") != null, "local/runner is not installed");
        Fuzzer fuzzer = new Fuzzer(ExecutionRunner.projectRoot(), mutant.mutation);
        WorldGenerator generator = FuzzDrillTest.generator();
        List<Long> seeds = FuzzDrillTest.seeds().stream()
                .filter(seed -> mutant.meets.test(generator.generate(seed)))
                .toList();
        // -Dmutants.allSeeds=true runs every seed (which worlds catch each mutant), not only up to the first.
        boolean all = Boolean.getBoolean("mutants.allSeeds");
        long started = System.nanoTime();
        List<Fuzzer.Outcome> outcomes;
        try (AutoCloseable quiet = Fuzzer.quietHandlerLogs()) {
            outcomes = fuzzer.runUntil(
                    seeds,
                    generator,
                    FuzzDrillTest.THREADS,
                    o -> !all && o.failed().contains(mutant.property));
        }
        Optional<Fuzzer.Outcome> caught = outcomes.stream()
                .filter(o -> o.failed().contains(mutant.property))
                .findFirst();
        System.out.printf(
                "BrokenHandlerFuzzTest %s: %d of the %d worlds it meets (of %d) in %.1f s; caught by %s%n",
                mutant,
                outcomes.size(),
                seeds.size(),
                FuzzDrillTest.seeds().size(),
                (System.nanoTime() - started) / 1e9,
                caught.map(BrokenHandlerFuzzTest::describe).orElse("no world"));
        outcomes.stream().filter(o -> !o.failed().isEmpty()).forEach(o -> System.out.println("  " + describe(o)));
        assertTrue(
                caught.isPresent(),
                mutant + ": no world of the fixed seeds fails " + mutant.property + " (" + seeds.size()
                        + " worlds run)");
    }

    private static String describe(Fuzzer.Outcome o) {
        return "seed " + o.world().seed() + " (" + o.world().workflow() + "): " + o.failed() + " "
                + (o.error() != null
                        ? o.error()
                        : o.verdicts().values().stream()
                                .filter(v -> Boolean.FALSE.equals(v.passed()))
                                .map(v -> v.property() + ": " + v.detail())
                                .toList());
    }
}
