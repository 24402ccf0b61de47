package io.efsdr.drill.fuzz;

import java.util.List;

/**
 * What the sandbox recorded of one world's run, the only input of the {@link Judge}: the ground
 * truth, the journals, the world before and after. The reported window and its proof are the one
 * thing the run itself says (P1 checks it against the truth).
 *
 * @param statuses each execution's end status, in order (a cycle has two)
 * @param reportedWindowSeconds the data-loss window the run reported, null when none
 * @param reportedProven whether the run reported that window as proven
 * @param lostWriteSeconds the sandbox's ground truth: the longest span of lost writes made before a
 *     promotion (while no other file system was writable): what a data-loss window must cover
 * @param splitBrainSeconds the sandbox's ground truth: writers on two writable file systems
 * @param primaryReturned whether the primary region was lost and came back
 * @param splitBrainBoundSeconds the guard's interval plus the pods' grace plus the fence's propagation
 * @param runSeconds sandbox seconds the executions took (the observation after excluded)
 * @param boundSeconds the longest the plan allows them (WorkflowLimits, as Validate Plan computes it)
 * @param dryRun whether the run was a dry run
 * @param before the world before the run
 * @param after the world after it
 * @param changes every successful mutating call of the run, {@code service:operation region target}
 * @param undocumentedChanges the changes that are none of the documented kinds, or outside the plan
 * @param redriven whether a failed run was redriven with its faults gone
 * @param reference the world after the same world ran without faults, redriven once if it failed
 *     anyway (P4), null when not run
 * @param splitBrainLostWriteSeconds the sandbox's ground truth: seconds of lost writes made while
 *     another file system was writable too (after its promotion): split-brain writes
 * @param guardReportedSplitBrainSeconds the largest {@code splitBrainWriteSeconds} the split-brain
 *     guard ever wrote in its fence record (the SSM parameter's history), null when it wrote none
 * @param guardReportsOngoing whether the fence record, at the end, says the fence is still pending
 *     with the old primary answering: the guard reports split-brain writes that may still go on
 */
public record RunFacts(
        List<String> statuses,
        Long reportedWindowSeconds,
        boolean reportedProven,
        double lostWriteSeconds,
        double splitBrainSeconds,
        boolean primaryReturned,
        double splitBrainBoundSeconds,
        double runSeconds,
        double boundSeconds,
        boolean dryRun,
        WorldState before,
        WorldState after,
        List<String> changes,
        List<String> undocumentedChanges,
        boolean redriven,
        WorldState reference,
        double splitBrainLostWriteSeconds,
        Long guardReportedSplitBrainSeconds,
        boolean guardReportsOngoing) {
    public RunFacts(
            List<String> statuses,
            Long reportedWindowSeconds,
            boolean reportedProven,
            double lostWriteSeconds,
            double splitBrainSeconds,
            boolean primaryReturned,
            double splitBrainBoundSeconds,
            double runSeconds,
            double boundSeconds,
            boolean dryRun,
            WorldState before,
            WorldState after,
            List<String> changes,
            List<String> undocumentedChanges,
            boolean redriven,
            WorldState reference) {
        this(
                statuses,
                reportedWindowSeconds,
                reportedProven,
                lostWriteSeconds,
                splitBrainSeconds,
                primaryReturned,
                splitBrainBoundSeconds,
                runSeconds,
                boundSeconds,
                dryRun,
                before,
                after,
                changes,
                undocumentedChanges,
                redriven,
                reference,
                0,
                null,
                false);
    }
}
