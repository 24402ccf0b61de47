package io.efsdr.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.UnsafeStateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates the stored plan and the execution input together, refuses to start while another DR
 * execution runs, and fixes the set of workloads the run acts on (a selector is resolved once, in
 * the surviving DR cluster, see {@link WorkloadResolution}), before any step changes anything.
 */
public final class RunPreparation {
    private final PlanSource planSource;
    private final PlanValidator validator;
    private final ExecutionInputParser inputParser;
    private final WorkloadResolution workloads;
    private final OtherRuns otherRuns;
    private final Duration approvalTimeout;
    private final Clock clock;
    private final TrafficCheck trafficCheck;

    /** The most bytes a Step Functions state's input or output may hold (Standard workflows). */
    public static final int MAX_STATE_BYTES = 262_144;
    /** The share of a state the prepared run may take; the rest is for the steps' results. */
    static final int MAX_PREPARED_BYTES = 65_536;

    public RunPreparation(
            PlanSource planSource, WorkloadLister lister, OtherRuns otherRuns, Duration approvalTimeout, Clock clock) {
        this(planSource, lister, otherRuns, approvalTimeout, clock, TrafficCheck.NONE);
    }

    /** @param trafficCheck reads the traffic switch's target (a Route 53 record set) before anything changes */
    public RunPreparation(
            PlanSource planSource,
            WorkloadLister lister,
            OtherRuns otherRuns,
            Duration approvalTimeout,
            Clock clock,
            TrafficCheck trafficCheck) {
        this.trafficCheck = trafficCheck;
        this.planSource = planSource;
        this.validator = new PlanValidator();
        this.inputParser = new ExecutionInputParser();
        this.workloads = new WorkloadResolution(lister);
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
        WorkloadResolution.Fixed fixed = workloads.fix(plan, parsed.workloads());
        refusePartialFence(workflow, parsed, plan, fixed.leftOut());
        WorkflowLimits.check(
                workflow,
                plan.timeouts(),
                approvalTimeout.toSeconds(),
                fixed.waves(),
                WorkflowLimits.hookSeconds(plan.hooks(), workflow, fixed.waves()));
        List<String> warnings = new ArrayList<>();
        if (plan.storageClass().uid() == null && plan.storageClass().gidRangeStart() != null) {
            warnings.add(
                    "storageClass sets only gidRangeStart/gidRangeEnd: each region allocates GIDs in its own order, "
                            + "so file ownership can differ after failover; set fixed uid and gid");
        }
        warnings.addAll(trafficCheck.check(fixed.plan()));
        String reason = parsed.reason() != null
                ? parsed.reason()
                : parsed.alarmName() != null
                        ? "alarm " + parsed.alarmName() + " went to ALARM"
                        : "started by an operator";
        RunContext run = new RunContext(
                executionName,
                workflow,
                reason,
                parsed.dryRun(),
                clock.instant(),
                parsed.alarmName(),
                parsed.requireApproval(),
                approvalTimeout.toSeconds(),
                parsed.mode(),
                fixed.scope());
        return fitting(new PreparedRun(fixed.plan(), run, List.copyOf(warnings), Map.of(), Map.of()));
    }

    /** The most left-out workloads a refusal names one by one. */
    private static final int MAX_NAMED = 20;

    /**
     * A graceful failover write-fences the whole primary file system once the run's writers are
     * gone: the plan's workloads the run leaves out share that file system and would be refused
     * writes (new mounts at once, the others as their pods are re-created) while they still serve
     * there. So a run on a subset of the plan's workloads fails here, before any change, naming
     * those left out, unless it asks for {@code "mode": "ungraceful"} (no final sync, no fence).
     */
    static void refusePartialFence(String workflow, ExecutionInput input, DrPlan plan, List<Workload> leftOut) {
        if (!"failover".equals(workflow) || leftOut.isEmpty() || input.mode() == FailoverMode.UNGRACEFUL) {
            return;
        }
        List<String> names = leftOut.stream().map(Workload::id).sorted().toList();
        String named = names.size() <= MAX_NAMED
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_NAMED)) + " and " + (names.size() - MAX_NAMED) + " more";
        throw new InvalidInputException("input.workloads: a graceful failover write-fences the whole primary file "
                + "system " + plan.primary().fileSystemId() + ", which the plan's workloads left out of this run "
                + "also use: " + named + ". Fail them over together (leave out input.workloads), or start the run "
                + "with \"mode\": \"ungraceful\" (no final sync and no fence: the data-loss window is the "
                + "replication lag)");
    }

    /**
     * Refuses a run whose starting state would leave too little of a Step Functions state
     * ({@value #MAX_STATE_BYTES} bytes) for the steps' results: an oversized state fails the
     * execution with {@code States.DataLimitExceeded}, which no Catch can catch.
     */
    static PreparedRun fitting(PreparedRun prepared) {
        int bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(prepared).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a prepared run always serializes", e);
        }
        if (bytes > MAX_PREPARED_BYTES) {
            throw new InvalidInputException(
                    "the run's starting state is " + bytes + " bytes; it may use at most " + MAX_PREPARED_BYTES
                            + " of the " + MAX_STATE_BYTES
                            + " bytes Step Functions allows a state, the rest is for the steps' results."
                            + " Name fewer workloads in input.workloads, or list them in the plan with a selector "
                            + "rather than items");
        }
        return prepared;
    }

    /** The stored plan, validated; fails with every problem named when it is not valid. */
    public DrPlan readPlan() {
        return validator.parse(planSource.read());
    }

    /** Every workload the plan names, resolved in the DR cluster (see {@link WorkloadResolution#resolveAll}). */
    public List<Workload> resolveWorkloads(DrPlan plan) {
        return workloads.resolveAll(plan);
    }

    /** Where the run's workloads are resolved, then and in later steps. */
    public WorkloadResolution workloads() {
        return workloads;
    }
}
