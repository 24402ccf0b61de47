package io.efsdr.notify;

import io.efsdr.efs.CleanupAction;
import io.efsdr.efs.PromotionAction;
import io.efsdr.efs.SyncCheck;
import io.efsdr.gitops.GiveBackResult;
import io.efsdr.gitops.HandOverOutcome;
import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookResult;
import io.efsdr.kubernetes.FenceOutcome;
import io.efsdr.kubernetes.NewClaim;
import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.plan.Poll;
import io.efsdr.plan.StandbyHold;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a notification lists as skipped, repaired or needing attention, the claims with no data in
 * DR, and the hook calls: one line each, from the run's step results.
 */
final class AttentionText {
    private AttentionText() {}

    static List<String> attention(NotifyRequest request) {
        List<String> lines = new ArrayList<>();
        gitOps(request, lines);
        request.step(StepKey.TRAFFIC)
                .filter(t -> t.failedEndpoints() != null && !t.failedEndpoints().isEmpty())
                .ifPresent(t -> lines.add("traffic switched via " + t.endpoint() + "; ARC cluster endpoints that "
                        + "did not answer: " + String.join("; ", t.failedEndpoints())));
        request.step(StepKey.FENCE)
                .filter(f -> f.outcome() == FenceOutcome.SKIPPED_UNREACHABLE)
                .ifPresent(f -> lines.add(f.summary()));
        request.step(StepKey.PROMOTE)
                .filter(p -> p.action() == PromotionAction.DELETED_LOCAL_ONLY)
                .ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.PROMOTION)
                .filter(p -> p.localDeletionAt() != null)
                .ifPresent(
                        p -> lines.add("the deletion of the replication stayed DELETING while the other region did not "
                                + "answer, so only this side was "
                                + "deleted (LOCAL_CONFIGURATION_ONLY); the other region's record remains and "
                                + "failback deletes it first"));
        request.step(StepKey.FINAL_SYNC).filter(SyncCheck::gaveUp).ifPresent(f -> lines.add(f.summary()));
        request.step(StepKey.STORAGE_CLASS)
                .filter(s -> s.action() != null && s.action().recreated())
                .ifPresent(s -> lines.add(s.summary()));
        request.step(StepKey.PREFLIGHT).filter(p -> !p.ok()).ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.CLEANUP)
                .filter(c -> c.action() == CleanupAction.DELETED_STALE)
                .ifPresent(c -> lines.add(c.summary()));
        request.step(StepKey.PRECONDITIONS)
                .filter(p -> p.splitBrainWriteSeconds() != null)
                .ifPresent(p -> lines.add(p.summary()));
        request.step(StepKey.STOP_PRIMARY)
                .filter(s -> s.scaled() > 0 && !request.run().dryRun())
                .ifPresent(s -> lines.add(
                        "the primary's workloads were found running and were scaled down first; anything they wrote "
                                + "while the DR side "
                                + "was active is replaced by the DR data: " + s.summary()));
        request.step(StepKey.ASSESS)
                .filter(a -> !a.withinRpo())
                .ifPresent(a -> lines.add("the data-loss window exceeded the plan's RPO: " + a.summary()));
        request.step(StepKey.PROMOTION)
                .filter(p -> p.promoted() && p.lostAndFound() != null)
                .ifPresent(p -> lines.add("look for " + p.lostAndFound() + " in the root of "
                        + RunFacts.destination(request).fileSystemId()));
        standbyHeld(request).ifPresent(lines::add);
        for (StepKey<?> key : StepKey.ALL) {
            request.step(key)
                    .filter(r -> r instanceof Poll.Polled p && p.restartedAfterRedrive() != null)
                    .map(r -> (Poll.Polled) r)
                    .ifPresent(p -> lines.add("redrive " + p.restartedAfterRedrive() + " restarted the bound of a "
                            + "wait that had run out (" + key.json() + "): " + p.summary()));
        }
        return lines;
    }

    /**
     * The GitOps hand-over: a failover that handed workloads over says what a person changes in Git
     * so that Git makes the new region the desired state (the levers hold until the failback gives
     * them back); a give-back says what it left alone or could not verify.
     */
    private static void gitOps(NotifyRequest request, List<String> lines) {
        Optional<GiveBackResult> giveBack = request.step(StepKey.GIVE_BACK).filter(g -> g.summary() != null);
        request.step(StepKey.HANDOVER).filter(h -> h.summary() != null).ifPresent(h -> {
            if (h.changes().isEmpty() || giveBack.isPresent() || RunFacts.isFailback(request)) {
                if (!h.notes().isEmpty() || h.outcome() == HandOverOutcome.DISABLED) {
                    lines.add(h.summary());
                }
                return;
            }
            String serving = request.plan().dr().region();
            lines.add(h.summary() + ". The workloads stay handed over until a failback gives them back."
                    + " To make " + serving + " the desired state in Git: "
                    + String.join(
                            "; ",
                            h.changes().stream()
                                    .map(c -> c.gitChange(serving))
                                    .distinct()
                                    .toList())
                    + " (then the failback's give-back finds Git and the clusters agreeing)");
        });
        giveBack.filter(g -> !g.leftAlone().isEmpty() || g.gaveUp() || !g.inSync())
                .ifPresent(g -> lines.add(g.summary()));
    }

    /**
     * The DR workloads a return to standby held at 0 while DR is unprotected (see
     * {@link StandbyHold}), as the standby wait or the scale step names them.
     */
    static Optional<String> standbyHeld(NotifyRequest request) {
        Optional<List<String>> held =
                request.step(StepKey.STANDBY_READY).map(ReadinessCheck::held).filter(h -> !h.isEmpty());
        if (held.isPresent()) {
            return Optional.of("DR is unprotected, so the return to standby held "
                    + held.get().size() + " workload(s) at 0 (two regions must not be able to write): "
                    + String.join("; ", held.get().stream().limit(10).toList())
                    + (held.get().size() > 10 ? "; and " + (held.get().size() - 10) + " more" : ""));
        }
        return request.step(StepKey.STANDBY)
                .filter(s -> s.summary() != null && s.summary().contains(StandbyHold.REASON))
                .map(s -> "DR is unprotected, so the return to standby held workloads at 0: " + s.summary());
    }

    /**
     * The claims the volume preflight found created after the last sync: a heading ("No data in
     * DR: ...") and one line per claim; empty when there are none.
     */
    static List<String> noDataInDr(NotifyRequest request) {
        Optional<PreflightResult> preflight = request.step(StepKey.PREFLIGHT)
                .filter(p -> p.newClaims() != null && !p.newClaims().isEmpty());
        if (preflight.isEmpty()) {
            return List.of();
        }
        List<NewClaim> listed = preflight.get().newClaims();
        int count = Math.max(preflight.get().newClaimCount(), listed.size());
        List<String> lines = new ArrayList<>();
        lines.add(
                "No data in DR: " + count + " claim(s) were created after the last completed sync, so their volumes in "
                        + request.plan().dr().region()
                        + " hold nothing written on the primary; restore them from a backup if needed");
        for (NewClaim claim : listed) {
            lines.add(claim.claim() + " (created " + claim.createdAt() + ", " + claim.ageSeconds()
                    + " s old at the preflight)");
        }
        if (count > listed.size()) {
            lines.add("and " + (count - listed.size()) + " more");
        }
        return lines;
    }

    /** Every hook call of the run, one line each. */
    static List<String> hookLines(NotifyRequest request) {
        return request.step(StepKey.HOOKS).map(HookRecord::results).orElse(List.of()).stream()
                .map(HookResult::describe)
                .toList();
    }
}
