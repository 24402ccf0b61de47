package io.efsdr.notify;

import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.WriteFence;
import io.efsdr.hooks.HookResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Site;
import java.util.Optional;

/**
 * The outcome paragraph of a notification, per event, and the data-loss window in words: read
 * from the run's facts ({@link RunFacts}) and figures.
 */
final class OutcomeText {
    private OutcomeText() {}

    static String outcome(NotifyRequest request, String event, NotificationComposer.Figures figures) {
        DrPlan plan = request.plan();
        String workflow = request.run().workflow();
        return switch (event) {
            case "STARTED" ->
                "Outcome: " + workflow + " of " + plan.application() + " from "
                        + RunFacts.origin(request).region() + " to "
                        + RunFacts.destination(request).region() + " has started."
                        + (RunFacts.isFailback(request)
                                ? " Expect a write stop: from when the DR workloads are stopped until the primary's "
                                        + "are ready."
                                : " The data-loss window is " + windowText(figures, plan) + ".");
            case "COMPLETE" ->
                request.run().dryRun()
                        ? "Outcome: the dry run of " + workflow
                                + " finished; every step below says what it would do. Nothing was changed."
                        : RunFacts.isFailback(request)
                                ? "Outcome: " + plan.application() + " runs in "
                                        + plan.primary().region() + " again on "
                                        + plan.primary().fileSystemId() + ", replicated to "
                                        + plan.dr().fileSystemId() + " in "
                                        + plan.dr().region() + "; the DR workloads are back at standby."
                                : "Outcome: " + plan.application() + " now runs in "
                                        + plan.dr().region() + " on "
                                        + plan.dr().fileSystemId() + ", which is writable. The primary region "
                                        + plan.primary().region() + " is no longer replicated to.";
            case "NOT_APPROVED" ->
                RunFacts.finalSyncUnproven(request)
                        ? finalSyncUnprovenOutcome(request)
                        : "Outcome: the " + workflow + " waited for approval and was "
                                + ("States.Timeout"
                                                .equals(
                                                        request.error() == null
                                                                ? null
                                                                : request.error()
                                                                        .error())
                                        ? "not answered in time"
                                        : "rejected (" + RunFacts.errorMessage(request) + ")")
                                + ": it ended without promoting. "
                                + (RunFacts.isFailback(request)
                                        ? "The DR workloads were scaled back up: the application serves from "
                                                + plan.dr().region() + " again."
                                        : primaryGivenBack(request));
            case "HOOK_ABORTED" -> hookAbortedOutcome(request);
            default ->
                "Outcome: " + workflow + " " + event.replace("_", " ") + " at \"" + nullToUnknown(request.failedState())
                        + "\": " + RunFacts.errorMessage(request)
                        + (RunFacts.promoted(request)
                                ? "\nThe " + (RunFacts.isFailback(request) ? "primary" : "DR") + " file system "
                                        + RunFacts.destination(request).fileSystemId()
                                        + " IS ALREADY PROMOTED (writable); the workloads are not confirmed up."
                                : "")
                        + (RunFacts.writesStopped(request)
                                ? "\nWRITES ARE STOPPED: the DR workloads are at zero and the primary is not serving "
                                        + "yet."
                                : "")
                        + (RunFacts.primaryFenced(request) && !RunFacts.promoted(request)
                                ? "\n" + fencedPrimary(request)
                                : "");
        };
    }

    static String windowText(NotificationComposer.Figures figures, DrPlan plan) {
        if (figures.drUnprotectedSince() != null) {
            return "unknown and unproven: nothing has replicated into DR since " + figures.drUnprotectedSince()
                    + ", when the failback's re-protection gave up; everything the primary wrote since then may be"
                    + " lost";
        }
        if (figures.dataLossProven()) {
            return "0 s, proven: the last sync (" + figures.lastReplicatedAt()
                    + ") is later than the moment the primary's last pod was gone";
        }
        if (figures.dataLossWindowSeconds() == null) {
            return "not measured (no completed sync was recorded)";
        }
        return figures.dataLossWindowSeconds() + " s: changes made on the primary after " + figures.lastReplicatedAt()
                + " may be lost (RPO " + plan.rpoSeconds() + " s, "
                + (figures.dataLossWindowSeconds() <= plan.rpoSeconds() ? "met" : "EXCEEDED") + ")";
    }

    /** The outcome of a failover that ended at the abort path of an unproven final sync. */
    private static String finalSyncUnprovenOutcome(NotifyRequest request) {
        DrPlan plan = request.plan();
        return "Outcome: the failover ended without promoting: no sync later than the moment the primary's "
                + "writers stopped reached " + plan.dr().fileSystemId()
                + " within the final-sync bound, and the plan's onUnprovenSync is abort ("
                + request.error().cause() + "). " + plan.application() + " stays in "
                + plan.primary().region() + ". " + primaryGivenBack(request) + " "
                + plan.dr().fileSystemId() + " is still a read-only replica.";
    }

    /** What a failover that ends unpromoted left of the primary, and how to give it back when it did not. */
    private static String primaryGivenBack(NotifyRequest request) {
        DrPlan plan = request.plan();
        Optional<FenceCheck> fence = request.step(StepKey.WRITE_FENCE);
        if (fence.isEmpty() || fence.get().changedAt() == null && fence.get().action() == FenceAction.FENCE) {
            return "Nothing was changed: " + plan.application() + " stays in "
                    + plan.primary().region() + ".";
        }
        if (request.step(StepKey.RESUME_PRIMARY).isPresent()) {
            return "The primary's workloads had been stopped and "
                    + plan.primary().fileSystemId()
                    + " write-fenced; the fence was removed (" + fence.get().summary()
                    + ") and the workloads were scaled back up after that: " + plan.application()
                    + " serves from " + plan.primary().region() + " again.";
        }
        return fencedPrimary(request);
    }

    /** The primary stopped and write-fenced, and how to undo the fence by hand. */
    static String fencedPrimary(NotifyRequest request) {
        DrPlan plan = request.plan();
        String fs = plan.primary().fileSystemId();
        String region = plan.primary().region();
        return "THE PRIMARY IS STOPPED AND WRITE-FENCED: " + plan.application() + "'s workloads in "
                + plan.primary().clusterName() + " are at zero and " + fs + " carries a file system policy that "
                + "denies ClientWrite (statement " + WriteFence.FENCE_SID + "). To give the primary back by hand: "
                + "`aws efs describe-file-system-policy --file-system-id " + fs + " --region " + region
                + "`; remove the statements " + WriteFence.FENCE_SID + " and " + WriteFence.DEFAULT_ACCESS_SID
                + " and, if the operator's own statements remain, `aws efs put-file-system-policy --file-system-id "
                + fs + " --region " + region + " --policy file://policy.json` with them, otherwise "
                + "`aws efs delete-file-system-policy --file-system-id " + fs + " --region " + region
                + "`; then wait " + plan.timeouts().fencePropagationSeconds()
                + " s (timeouts.fencePropagationSeconds: a pod that mounts before the removal has "
                + "propagated stays refused writes until it is re-created) before scaling the workloads back up.";
    }

    /** What a hook's abort left: nothing promoted before the point of no return; after it, the world as it is. */
    private static String hookAbortedOutcome(NotifyRequest request) {
        DrPlan plan = request.plan();
        String hook = RunFacts.abortedBy(request).map(HookResult::describe).orElse("a hook failed");
        StringBuilder text = new StringBuilder("Outcome: the " + request.run().workflow()
                + " was stopped by a hook with onFailure abort: " + hook + ".");
        if (RunFacts.beforePointOfNoReturn(request)) {
            text.append(
                    RunFacts.isFailback(request)
                            ? "\nNothing was promoted: the DR workloads were not stopped and still serve from "
                                    + plan.dr().region() + " on " + plan.dr().fileSystemId()
                                    + " (writable); the primary file system "
                                    + plan.primary().fileSystemId()
                                    + " stays a read-only replication destination of it."
                            : "\nNothing was promoted: the primary's workloads were not fenced (fencing comes after "
                                    + "this hook) and " + plan.application() + " stays in "
                                    + plan.primary().region()
                                    + " on " + plan.primary().fileSystemId() + ", still replicated to "
                                    + plan.dr().fileSystemId() + " (read-only) in "
                                    + plan.dr().region() + ".");
            return text.toString();
        }
        Site destination = RunFacts.destination(request);
        text.append("\nThe run stopped AFTER the point of no return: ")
                .append(
                        RunFacts.promoted(request)
                                ? "the " + (RunFacts.isFailback(request) ? "primary" : "DR") + " file system "
                                        + destination.fileSystemId() + " in " + destination.region()
                                        + " IS PROMOTED (writable) and no longer replicated to."
                                : "the promotion of " + destination.fileSystemId() + " is not confirmed.");
        request.step(StepKey.SCALE)
                .ifPresent(s -> text.append("\nWorkloads in ")
                        .append(destination.region())
                        .append(": ")
                        .append(s.summary()));
        request.step(StepKey.READINESS)
                .ifPresent(r -> text.append("\nLast readiness check: ").append(r.summary()));
        if (request.step(StepKey.SCALE).isEmpty()) {
            text.append("\nNo workload was scaled up in ")
                    .append(destination.region())
                    .append(" yet.");
        }
        if (RunFacts.writesStopped(request)) {
            text.append("\nWRITES ARE STOPPED: the DR workloads are at zero and the primary is not serving yet.");
        }
        return text.toString();
    }

    static String nullToUnknown(String value) {
        return value == null ? "an unknown step" : value;
    }
}
