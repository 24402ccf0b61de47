package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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
@JsonIgnoreProperties(
        value = {"approvalNeeded", "approvalReason"},
        allowGetters = true)
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

    /**
     * Whether this run waits for a person before promotion because it asked to: its input's
     * {@code requireApproval} (or {@code AUTO_FAILOVER=approval} for an alarm), never in a dry run.
     * Written into the state beside the run ("Promotion Approval Needed?" reads it; the failover's
     * {@code efs.FailoverApproval} adds its alarm rules), never read back.
     */
    @JsonProperty("approvalNeeded")
    public boolean approvalNeeded() {
        return approvalReason().required();
    }

    /** Why {@link #approvalNeeded}: OPERATOR_ASKED, AUTO_FAILOVER_APPROVAL (an alarm started it), or NONE. */
    @JsonProperty("approvalReason")
    public ApprovalReason approvalReason() {
        if (dryRun || !approvalRequired) {
            return ApprovalReason.NONE;
        }
        return alarmName != null ? ApprovalReason.AUTO_FAILOVER_APPROVAL : ApprovalReason.OPERATOR_ASKED;
    }
}
