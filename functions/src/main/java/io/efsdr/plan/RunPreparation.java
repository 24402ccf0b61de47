package io.efsdr.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.InvalidPlanException;
import io.efsdr.error.UnsafeStateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the stored plan and the execution input together, refuses to start while another DR
 * execution runs, and fixes the set of workloads the run acts on (a selector is resolved once, in
 * the surviving DR cluster), before any step changes anything.
 */
public final class RunPreparation {
  private final PlanSource planSource;
  private final PlanValidator validator;
  private final ExecutionInputParser inputParser;
  private final WorkloadLister lister;
  private final OtherRuns otherRuns;
  private final Duration approvalTimeout;
  private final Clock clock;

  public RunPreparation(PlanSource planSource, WorkloadLister lister, OtherRuns otherRuns, Duration approvalTimeout, Clock clock) {
    this.planSource = planSource;
    this.validator = new PlanValidator();
    this.inputParser = new ExecutionInputParser();
    this.lister = lister;
    this.otherRuns = otherRuns;
    this.approvalTimeout = approvalTimeout;
    this.clock = clock;
  }

  public PreparedRun prepare(String workflow, String executionName, JsonNode input) {
    ExecutionInput parsed = inputParser.parse(input);
    DrPlan plan = readPlan();
    if (!parsed.dryRun()) {
      List<String> running = otherRuns.runningBesides(executionName);
      if (!running.isEmpty()) {
        throw new UnsafeStateException("another DR execution is running (" + String.join(", ", running)
            + "): one DR execution at a time; wait for it or stop it, then start again");
      }
    }
    WorkflowLimits.check(workflow, plan.timeouts(), approvalTimeout.toSeconds());
    List<Workload> all = resolveWorkloads(plan);
    List<Workload> selected = ExecutionInputParser.select(all, parsed.workloads());
    List<String> warnings = new ArrayList<>();
    if (plan.storageClass().uid() == null && plan.storageClass().gidRangeStart() != null) {
      warnings.add("storageClass sets only gidRangeStart/gidRangeEnd: each region allocates GIDs in its own order, "
          + "so file ownership can differ after failover; set fixed uid and gid");
    }
    String reason = parsed.reason() != null ? parsed.reason()
        : parsed.alarmName() != null ? "alarm " + parsed.alarmName() + " went to ALARM" : "started by an operator";
    RunContext run = new RunContext(executionName, workflow, reason, parsed.dryRun(), clock.instant(), parsed.alarmName(),
        parsed.requireApproval(), approvalTimeout.toSeconds(), parsed.mode());
    return new PreparedRun(plan.withWorkloads(selected), run, List.copyOf(warnings), Map.of());
  }

  /** The stored plan, validated; fails with every problem named when it is not valid. */
  public DrPlan readPlan() {
    return validator.parse(planSource.read());
  }

  /**
   * The plan's explicit items followed by what its selector finds in the DR cluster (the cluster
   * that must survive), without duplicates; a selector that finds nothing at all is a plan error.
   */
  public List<Workload> resolveWorkloads(DrPlan plan) {
    List<Workload> all = new ArrayList<>(plan.workloads().items());
    WorkloadSelector selector = plan.workloads().selector();
    if (selector != null) {
      Set<String> ids = new HashSet<>();
      all.forEach(w -> ids.add(w.id()));
      for (Workload found : lister.list(plan.dr(), selector)) {
        if (ids.add(found.id())) {
          all.add(found);
        }
      }
      if (all.isEmpty()) {
        throw new InvalidPlanException(
            "plan.workloads.selector: matched no Deployment or StatefulSet in namespaces "
                + selector.namespaces() + " with labels " + selector.labelSelector() + " in cluster "
                + plan.dr().clusterName());
      }
    }
    return all;
  }
}
