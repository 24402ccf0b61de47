package io.efsdr.plan;

import java.util.List;
import java.util.Map;

/**
 * The state every workflow starts from: the validated plan with its workloads resolved, the run's
 * facts, warnings found while validating, and an empty map the steps fill with their results.
 */
public record PreparedRun(DrPlan plan, RunContext run, List<String> warnings, Map<String, Object> steps) {}
