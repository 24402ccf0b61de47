package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import java.time.Instant;

/**
 * Facts about one execution that every step carries: its name (the log correlation id), which
 * workflow it is, why it runs, whether it only rehearses, and when it started.
 *
 * @param alarmName the alarm that started it, or null when an operator did
 * @param approvalRequired whether a person must approve before the point of no return
 *     (promotion): asked for by the input, or by {@code AUTO_FAILOVER=approval} for alarms
 * @param approvalTimeoutSeconds how long the approval may take before the run ends unpromoted
 * @param mode the failover mode: graceful unless the input asked for ungraceful (a graceful
 *     failover whose primary does not answer runs ungraceful, and says so)
 * @param workloads null when the plan in the state lists the run's workloads; otherwise the run
 *     is too large for that and each step resolves them again (see {@link WorkloadResolution})
 */
public record RunContext(
        String executionName,
        String workflow,
        String reason,
        boolean dryRun,
        Instant startedAt,
        String alarmName,
        boolean approvalRequired,
        long approvalTimeoutSeconds,
        FailoverMode mode,
        WorkloadScope workloads) {
    public RunContext(
            String executionName, String workflow, String reason, boolean dryRun, Instant startedAt, String alarmName) {
        this(executionName, workflow, reason, dryRun, startedAt, alarmName, false, 3600, FailoverMode.GRACEFUL, null);
    }

    public RunContext {
        if (executionName == null || executionName.isBlank()) {
            throw new InvalidInputException("run.executionName: is missing");
        }
        if (workflow == null || !(workflow.equals("failover") || workflow.equals("failback"))) {
            throw new InvalidInputException("run.workflow: must be 'failover' or 'failback', not " + workflow);
        }
        if (startedAt == null) {
            throw new InvalidInputException("run.startedAt: is missing");
        }
        if (reason == null) {
            reason = "";
        }
        if (mode == null) {
            mode = FailoverMode.GRACEFUL;
        }
    }
}
