package io.efsdr.notify;

import io.efsdr.plan.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do next, per event: the list a notification ends its text with.
 */
final class NextStepsText {
    private NextStepsText() {}

    static List<String> nextSteps(NotifyRequest request, String event) {
        List<String> lines = new ArrayList<>();
        switch (event) {
            case "NOT_APPROVED" ->
                lines.add("If the " + request.run().workflow() + " is still needed, start it again (by hand, "
                        + "or it starts at the next alarm state change once approved in time).");
            case "HOOK_ABORTED" -> lines.addAll(hookAbortedNextSteps(request));
            case "STARTED" ->
                lines.add("Watch the execution " + request.run().executionName()
                        + " in the Step Functions console; a completion or failure notice follows.");
            case "COMPLETE" -> {
                if (request.run().dryRun()) {
                    lines.add("Fix anything listed above before a real failover; then this plan is ready.");
                } else if (RunFacts.isFailback(request)) {
                    lines.add("Point clients back at "
                            + request.plan().primary().region() + " if DNS or routing does not do it for you.");
                    lines.add("The plan is protected again: a new failover can run when needed.");
                } else {
                    lines.add("Point clients at " + request.plan().dr().region()
                            + " if DNS or routing does not do it for you.");
                    lines.add("When " + request.plan().primary().region()
                            + " is healthy again, run the failback workflow by hand.");
                }
            }
            default -> {
                RunFacts.refusingSafetyRule(request)
                        .ifPresent(rule -> lines.add("Traffic was NOT switched: ARC safety rule " + rule
                                + " refused the change of the routing controls. That is a refusal, not an outage "
                                + "(every cluster endpoint enforces the rule, so no other endpoint was tried): open "
                                + "the rule's gating controls or wait out its wait period, or override the rule by "
                                + "hand (UpdateRoutingControlStates with SafetyRulesToOverride), then redrive."));
                lines.add("Read the error above and fix its cause (permissions, an unreachable API, a wrong plan "
                        + "value).");
                lines.add("Then redrive the failed execution from the Step Functions console, or start a new one with "
                        + "the same input: "
                        + "every step is idempotent and resumes from where the world is.");
                if (RunFacts.writesStopped(request)) {
                    lines.add("The application is down until this is resolved: redrive soon, or, to serve from DR "
                            + "meanwhile, scale the DR "
                            + "workloads back to their active replicas (the DR file system is still writable "
                            + "until the primary is promoted).");
                } else if (RunFacts.promoted(request)) {
                    lines.add(
                            RunFacts.isFailback(request)
                                    ? "The primary file system is writable now: do not start the DR workloads above "
                                            + "their standby replicas."
                                    : "The DR file system is writable now: do not start the old primary's workloads.");
                }
            }
        }
        return lines;
    }

    private static List<String> hookAbortedNextSteps(NotifyRequest request) {
        String workflow = request.run().workflow();
        if (RunFacts.beforePointOfNoReturn(request)) {
            return List.of(
                    "Read the hook's answer above and fix what it reports.",
                    "Then start the " + workflow + " again: this execution ended at its Fail state (a redrive "
                            + "does not resume it), and nothing was changed that a new run has to undo.");
        }
        Site destination = RunFacts.destination(request);
        return List.of(
                "Read the hook's answer above: it was called after the point of no return, so the "
                        + destination.region() + " side is already writable.",
                "Finish by hand: scale the remaining workloads in " + destination.region()
                        + " to their active replicas, check them, and record " + destination.region()
                        + " as the active region; or fix the cause and start a new " + workflow
                        + " execution with the same input (every step resumes from where the world is; this "
                        + "execution ended at its Fail state, so a redrive does not resume it).",
                RunFacts.isFailback(request)
                        ? "Do not start the DR workloads above their standby replicas: the primary file system is "
                                + "writable now."
                        : "Do not start the old primary's workloads: the DR file system is writable now.");
    }
}
