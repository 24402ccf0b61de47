package io.efsdr.hooks;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every hook call of the run so far ({@code $.steps.hooks}): each RunHooks step adds its point's
 * calls to what the previous one reported, so the points do not overwrite each other. The state
 * machine's Choice after each RunHooks step reads {@code aborted}.
 *
 * @param results the calls in the order they ran; at most {@value #MAX_KEPT} are kept (the oldest are
 *     dropped first and counted in {@code dropped}), so a run of many waves stays within a state's size
 * @param aborted whether a hook with {@code onFailure: abort} failed at the last point: the run stops
 * @param abortedBy that hook's call; null when not aborted
 * @param startedAt the first call's start; null while no hook ran (the timeline leaves it out)
 */
public record HookRecord(
        List<HookResult> results,
        int dropped,
        boolean aborted,
        HookResult abortedBy,
        Instant startedAt,
        Instant finishedAt,
        String summary)
        implements StepResult {
    static final int MAX_KEPT = 100;

    public HookRecord {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** No hook has run. */
    public static HookRecord empty() {
        return new HookRecord(List.of(), 0, false, null, null, null, "no hook ran");
    }

    /** This record with {@code added} appended; aborted when {@code abortedBy} is not null. */
    HookRecord with(List<HookResult> added, HookResult abortedBy, Instant now) {
        List<HookResult> all = new ArrayList<>(results);
        all.addAll(added);
        int drop = Math.max(0, all.size() - MAX_KEPT);
        List<HookResult> kept = all.subList(drop, all.size());
        Instant first = startedAt != null
                ? startedAt
                : added.isEmpty() ? null : added.getFirst().startedAt();
        Instant last = first == null ? null : added.isEmpty() ? finishedAt : now;
        return new HookRecord(
                kept, dropped + drop, abortedBy != null, abortedBy, first, last, summarize(kept, abortedBy));
    }

    private static String summarize(List<HookResult> results, HookResult abortedBy) {
        if (results.isEmpty()) {
            return "no hook ran";
        }
        long ok = results.stream().filter(r -> r.status() == HookStatus.OK).count();
        long failed =
                results.stream().filter(r -> r.status() == HookStatus.FAIL).count();
        long timedOut =
                results.stream().filter(r -> r.status() == HookStatus.TIMEOUT).count();
        long skipped = results.stream()
                .filter(r -> r.status() == HookStatus.SKIPPED_DRY_RUN)
                .count();
        return results.size() + " hook call(s): " + ok + " ok, " + failed + " failed, " + timedOut + " timed out, "
                + skipped + " skipped (dry run)"
                + (abortedBy == null ? "" : "; ABORTED by " + abortedBy.describe());
    }
}
