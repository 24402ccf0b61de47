package io.efsdr.plan;

import java.util.List;

/**
 * What an execution's input may say for one run: why it runs, whether it only rehearses, a subset
 * of the plan's workloads ({@code namespace/Kind/name} or {@code namespace/name}), and, when an
 * alarm started it, which alarm; {@code requireApproval} asks for a person's approval before the
 * point of no return (the trigger sets it when {@code AUTO_FAILOVER=approval}); {@code mode} is the
 * failover mode asked for, null for the default (graceful while the primary answers).
 */
public record ExecutionInput(
        String reason,
        boolean dryRun,
        List<String> workloads,
        String alarmName,
        boolean requireApproval,
        FailoverMode mode) {
    public ExecutionInput(String reason, boolean dryRun, List<String> workloads, String alarmName) {
        this(reason, dryRun, workloads, alarmName, false, null);
    }
}
