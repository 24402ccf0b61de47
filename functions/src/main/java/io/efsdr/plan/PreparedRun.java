package io.efsdr.plan;

import java.util.List;
import java.util.Map;

/**
 * The state every workflow starts from: the validated plan with its workloads resolved, the run's
 * facts, warnings found while validating, an empty map the steps fill with their results, and an
 * empty map the approval gates fill with their answers ({@code $.approvals.<gate>}), which every
 * notify state passes on so the audit record names who approved what.
 */
public record PreparedRun(
        DrPlan plan, RunContext run, List<String> warnings, Map<String, Object> steps, Map<String, Object> approvals) {}
