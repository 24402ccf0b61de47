package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import java.util.List;

/**
 * How long each workflow may run, in one place: the state machines' {@code TimeoutSeconds} (an
 * execution timeout bypasses every Catch, so it must never cut a run the plan allows short) and
 * the longest run a plan's bounds and the approval timeout add up to. A run whose plan could
 * outlast its machine is refused before anything changes.
 */
public final class WorkflowLimits {
    /** {@code TimeoutSeconds} of statemachine/failover.asl.json. */
    public static final long FAILOVER_TIMEOUT_SECONDS = 259_200;
    /** {@code TimeoutSeconds} of statemachine/failback.asl.json. */
    public static final long FAILBACK_TIMEOUT_SECONDS = 604_800;
    /** Every step that does not wait, with its retries and backoff, across a whole run. */
    static final long STEP_OVERHEAD_SECONDS = 3_600;
    /** The bound of the wait for a traffic switch to be confirmed (io.efsdr.traffic.TrafficSwitch). */
    public static final long TRAFFIC_SWITCH_SECONDS = 600;
    /**
     * The bound of the failback's wait for the GitOps controllers it gave back to read in sync
     * (io.efsdr.gitops.GiveBack): Flux reconciles at its interval (often 10 min), Argo CD within its
     * 3 min refresh; the wait ends without them rather than fail a failback that is otherwise done.
     */
    public static final long GITOPS_SYNC_SECONDS = 900;

    private WorkflowLimits() {}

    public static long machineTimeoutSeconds(String workflow) {
        return "failback".equals(workflow) ? FAILBACK_TIMEOUT_SECONDS : FAILOVER_TIMEOUT_SECONDS;
    }

    /** {@link #longestRunSeconds(String, Timeouts, long, int)} for a run of one wave. */
    public static long longestRunSeconds(String workflow, Timeouts t, long approvalSeconds) {
        return longestRunSeconds(workflow, t, approvalSeconds, 1);
    }

    /**
     * The longest a run can take with these bounds: each bounded wait at its bound, each approval
     * at its timeout, plus the steps that do not wait. The waits that go wave by wave (failover:
     * DR ready; failback: DR stopped, primary ready) are bounded per wave, so they count once per
     * wave: the estimate grows with the number of waves rather than capping them.
     */
    public static long longestRunSeconds(String workflow, Timeouts t, long approvalSeconds, int waves) {
        if ("failback".equals(workflow)) {
            return t.promotionSeconds() // clean up a stale record
                    + t.readinessSeconds() // primary stopped
                    + t.promotionSeconds() // reverse replication created
                    + t.fencePropagationSeconds() // the primary's write fence removal propagated
                    + t.syncSeconds() // initial sync
                    + t.readinessSeconds() * waves // DR stopped, wave by wave
                    + t.fencePropagationSeconds() // the write fence on DR propagated
                    + t.syncSeconds() // final sync
                    + approvalSeconds
                    + t.promotionSeconds() // primary promoted
                    + t.readinessSeconds() * waves // primary ready, wave by wave
                    + TRAFFIC_SWITCH_SECONDS // traffic back to the primary, when the plan switches it
                    + t.promotionSeconds() // re-protection created
                    + t.syncSeconds() // DR replication enabled
                    + t.fencePropagationSeconds() // DR's fence removal propagated (or before DR resumes)
                    + t.readinessSeconds() // DR standby
                    + GITOPS_SYNC_SECONDS // the GitOps controllers given back in sync
                    + STEP_OVERHEAD_SECONDS;
        }
        return approvalSeconds
                + t.fencingSeconds()
                + t.readinessSeconds() // primary stopped
                + t.fencePropagationSeconds() // the write fence on the primary propagated
                + t.finalSyncSeconds()
                + approvalSeconds // promotion after a final sync that gave up
                + t.fencePropagationSeconds() // or the fence's removal, when the primary is given back
                + t.promotionSeconds()
                + t.readinessSeconds() * waves // DR ready, wave by wave
                + TRAFFIC_SWITCH_SECONDS // traffic to DR, when the plan switches it
                + STEP_OVERHEAD_SECONDS;
    }

    /** {@link #check(String, Timeouts, long, int)} for a run of one wave. */
    public static void check(String workflow, Timeouts timeouts, long approvalSeconds) {
        check(workflow, timeouts, approvalSeconds, 1);
    }

    /** {@link #check(String, Timeouts, long, int, long)} for a plan without hooks. */
    public static void check(String workflow, Timeouts timeouts, long approvalSeconds, int waves) {
        check(workflow, timeouts, approvalSeconds, waves, 0);
    }

    /**
     * The longest the plan's hooks can take in a run of {@code workflow}: every hook the workflow
     * reaches at its timeout, the {@code afterWave} ones once per wave.
     */
    public static long hookSeconds(List<Hook> hooks, String workflow, int waves) {
        return hooks.stream()
                .filter(h -> h.at().occursIn(workflow))
                .mapToLong(h -> (long) h.timeoutSeconds() * (h.at() == HookPoint.AFTER_WAVE ? waves : 1))
                .sum();
    }

    /**
     * Refuses bounds the workflow's state machine could not honour with this many waves and hooks
     * taking {@code hookSeconds} at most.
     */
    public static void check(String workflow, Timeouts timeouts, long approvalSeconds, int waves, long hookSeconds) {
        long longest = longestRunSeconds(workflow, timeouts, approvalSeconds, waves) + hookSeconds;
        long machine = machineTimeoutSeconds(workflow);
        if (longest > machine) {
            throw new InvalidInputException(
                    "plan.timeouts: a " + workflow + " with these bounds could take " + longest + " s (every "
                            + "wait at its bound, readiness once per wave of " + waves + ", approvals at "
                            + approvalSeconds + " s, hooks " + hookSeconds + " s, " + STEP_OVERHEAD_SECONDS
                            + " s for the other steps), "
                            + "longer than the " + workflow + " state machine's TimeoutSeconds of " + machine
                            + " s, which would end it with no step able to react; lower syncSeconds, "
                            + "promotionSeconds or readinessSeconds, use fewer waves "
                            + "(or lower ApprovalTimeoutMinutes)");
        }
    }
}
