package io.efsdr.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.kubernetes.KubernetesClusters;
import io.efsdr.kubernetes.Parallel;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkflowLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives the workloads back to their GitOps controllers: each lever the {@link HandOverLedger} holds
 * is set back to its value before the hand-over, but only where it still holds the value the
 * hand-over set (a value a person set since is theirs: it is reported, never overwritten). Then,
 * when asked to verify, it polls until every controller given back reads in sync, bounded by
 * {@link WorkflowLimits#GITOPS_SYNC_SECONDS}: an Application's {@code status.sync.status} {@code
 * Synced} (Argo CD, "Sync Status"), a Kustomization's or HelmRelease's {@code Ready} condition {@code
 * True} with its {@code observedGeneration} current and its last applied revision the last attempted
 * one (Flux, "Kustomization" and "Helm Releases", section "Status"). Each pass is idempotent: what
 * it restored leaves the ledger, and an object that already holds its value before counts as given
 * back.
 */
public final class GiveBack {
    /** Which recorded changes a give-back restores. */
    public enum Scope {
        /** Every change recorded: the failback, once the primary serves again. */
        ALL,
        /** Only the changes this execution made: a run that ends before its promotion. */
        RUN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Scope parse(String value) {
            return switch (value == null ? "" : value.toLowerCase(java.util.Locale.ROOT)) {
                case "all" -> ALL;
                case "run" -> RUN;
                default -> throw new IllegalArgumentException("scope must be 'all' or 'run', not '" + value + "'");
            };
        }
    }

    private final KubernetesClusters clusters;
    private final HandOverLedger ledger;
    private final Clock clock;

    public GiveBack(KubernetesClusters clusters, HandOverLedger ledger, Clock clock) {
        this.clusters = clusters;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * One pass.
     *
     * @param keepDr keep DR's workloads handed over (the failback's re-protection gave up: DR is held
     *     at 0 unprotected, and its controllers would bring Git's standby replicas back)
     * @param previous the previous pass of this step; null on the first
     */
    public GiveBackResult giveBack(
            DrPlan plan,
            RunContext run,
            Scope scope,
            boolean verify,
            boolean keepDr,
            GiveBackResult previous,
            int redriveCount) {
        Instant started = clock.instant();
        Poll poll = Poll.next(previous, started, WorkflowLimits.GITOPS_SYNC_SECONDS, redriveCount);
        List<HandOverChange> recorded = ledger.handedOver();
        List<HandOverChange> kept = new ArrayList<>();
        List<HandOverChange> givenBack = new ArrayList<>(previous == null ? List.of() : previous.givenBack());
        List<String> leftAlone = new ArrayList<>(previous == null ? List.of() : previous.leftAlone());
        List<String> unreached = new ArrayList<>();
        // One read (and at most one patch) per recorded change, at the plan's Kubernetes concurrency:
        // one by one, thousands of handed-over workloads would outlast the Task's 150 s.
        List<Returned> returned =
                Parallel.map(recorded, plan.kubernetesConcurrency(), change -> giveBack(change, run, scope, keepDr));
        for (Returned r : returned) {
            switch (r.kind()) {
                case KEPT -> kept.add(r.change());
                case GIVEN_BACK -> givenBack.add(r.change());
                case LEFT_ALONE -> {}
                case UNREACHED -> {
                    kept.add(r.change());
                    unreached.add(r.note());
                }
            }
            if (r.kind() != ReturnKind.UNREACHED && r.note() != null) {
                note(leftAlone, r.note());
            }
        }
        if (!run.dryRun() && kept.size() != recorded.size()) {
            ledger.recordHandedOver(kept);
        }
        List<String> outOfSync = new ArrayList<>();
        if (verify && !run.dryRun()) {
            Map<String, HandOverChange> owners = new LinkedHashMap<>();
            givenBack.forEach(c -> owners.putIfAbsent(c.clusterName() + " " + c.ownerPath(), c));
            for (HandOverChange change : owners.values()) {
                try {
                    Optional<JsonNode> owner = clusters.client(change.site()).get(change.ownerPath());
                    String state = owner.map(GiveBack::syncState).orElse("not found");
                    if (!state.isEmpty()) {
                        outOfSync.add(change.owner() + " in " + change.clusterName() + ": " + state);
                    }
                } catch (DependencyUnavailableException e) {
                    outOfSync.add(change.owner() + " in " + change.clusterName() + ": does not answer");
                }
            }
        }
        Instant now = clock.instant();
        boolean settled = unreached.isEmpty() && outOfSync.isEmpty();
        boolean pastBound = now.isAfter(poll.deadline());
        boolean done = run.dryRun() || settled || (!verify && unreached.isEmpty()) || pastBound;
        boolean gaveUp = !settled && pastBound;
        List<String> words = new ArrayList<>();
        words.add(
                run.dryRun()
                        ? "dry run: would give back to GitOps: " + describe(givenBack)
                        : givenBack.isEmpty()
                                ? "nothing to give back to GitOps"
                                : "given back to GitOps: " + describe(givenBack));
        if (!leftAlone.isEmpty()) {
            words.add("left alone: " + String.join("; ", leftAlone));
        }
        words.addAll(unreached);
        if (verify && !run.dryRun()) {
            words.add(
                    outOfSync.isEmpty()
                            ? "every controller given back reads in sync"
                            : (gaveUp ? "gave up waiting after " : "waiting (poll " + poll.number() + ") for ")
                                    + "controllers to be in sync: " + String.join("; ", outOfSync));
        }
        return new GiveBackResult(
                done,
                outOfSync.isEmpty(),
                gaveUp,
                givenBack,
                leftAlone,
                outOfSync,
                poll.number(),
                poll.deadline(),
                poll.redrives(),
                poll.restartedAfterRedrive(),
                String.join("; ", words) + poll.restartNote(),
                poll.first(),
                now);
    }

    private static void note(List<String> notes, String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    private static String describe(List<HandOverChange> changes) {
        return changes.isEmpty()
                ? "nothing"
                : String.join(
                        "; ",
                        changes.stream()
                                .map(c -> c.lever().field() + " back to " + (c.before() == null ? "absent" : c.before())
                                        + " on " + c.kind() + " " + c.namespace() + "/" + c.name() + " in "
                                        + c.clusterName())
                                .toList());
    }

    /** Empty when the controller's object reads in sync; otherwise what it reads. */
    static String syncState(JsonNode object) {
        String kind = object.path("kind").asText("");
        JsonNode status = object.path("status");
        if ("Application".equals(kind)) {
            String sync = status.path("sync").path("status").asText("");
            return "Synced".equals(sync) ? "" : "sync status " + (sync.isEmpty() ? "unknown" : sync);
        }
        String ready = "";
        for (JsonNode condition : status.path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                ready = condition.path("status").asText("");
            }
        }
        if (!"True".equals(ready)) {
            return "Ready " + (ready.isEmpty() ? "unknown" : ready);
        }
        JsonNode generation = object.path("metadata").path("generation");
        JsonNode observed = status.path("observedGeneration");
        if (generation.isNumber() && observed.isNumber() && observed.asLong() < generation.asLong()) {
            return "observedGeneration " + observed.asLong() + " behind generation " + generation.asLong();
        }
        String applied = status.path("lastAppliedRevision").asText("");
        String attempted = status.path("lastAttemptedRevision").asText("");
        if (!applied.isEmpty() && !attempted.isEmpty() && !applied.equals(attempted)) {
            return "last applied revision " + applied + " is not the last attempted " + attempted;
        }
        return "";
    }

    private enum ReturnKind {
        KEPT,
        GIVEN_BACK,
        LEFT_ALONE,
        UNREACHED
    }

    /** What became of one recorded change. */
    private record Returned(ReturnKind kind, HandOverChange change, String note) {}

    private Returned giveBack(HandOverChange change, RunContext run, Scope scope, boolean keepDr) {
        boolean mine = scope == Scope.ALL || run.executionName().equals(change.execution());
        if (!mine) {
            return new Returned(ReturnKind.KEPT, change, null);
        }
        if (keepDr && change.target() == Target.DR) {
            return new Returned(
                    ReturnKind.KEPT,
                    change,
                    change.describe() + ": kept, DR is not protected (re-protection gave up) and its"
                            + " controller would bring Git's standby replicas back onto its writable file system");
        }
        try {
            Optional<JsonNode> object = clusters.client(change.site()).get(change.path());
            if (object.isEmpty()) {
                return new Returned(
                        ReturnKind.LEFT_ALONE,
                        change,
                        change.describe() + ": the object is gone, nothing to give back");
            }
            String current = change.lever().read(object.get());
            if (Objects.equals(current, change.value())) {
                if (!run.dryRun() && !Objects.equals(change.before(), change.value())) {
                    clusters.client(change.site())
                            .mergePatch(change.path(), change.lever().patch(change.before()));
                }
                return new Returned(ReturnKind.GIVEN_BACK, change, null);
            }
            if (Objects.equals(current, change.before())) {
                return new Returned(ReturnKind.GIVEN_BACK, change, null);
            }
            return new Returned(
                    ReturnKind.LEFT_ALONE,
                    change,
                    change.describe() + ": now " + (current == null ? "absent" : current)
                            + ", changed since the hand-over by someone else: left as it is");
        } catch (DependencyUnavailableException e) {
            return new Returned(
                    ReturnKind.UNREACHED,
                    change,
                    change.clusterName() + " does not answer: " + change.describe() + " not given back yet");
        }
    }
}
