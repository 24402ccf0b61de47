package io.efsdr.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.efs.CleanupResult;
import io.efsdr.efs.FenceAction;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.PrimaryWriteFence;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.ReplicationSetup;
import io.efsdr.efs.SyncCheck;
import io.efsdr.error.InvalidInputException;
import io.efsdr.hooks.HookContext;
import io.efsdr.hooks.HookRecord;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.notify.NotificationComposer;
import io.efsdr.notify.NotifyRequest;
import io.efsdr.notify.StepKey;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.HookPoint;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;
import io.efsdr.plan.WaveStep;
import io.efsdr.plan.Waves;
import io.efsdr.plan.WorkloadResolution;
import io.efsdr.traffic.TrafficSwitchResult;
import java.time.Instant;
import java.util.Map;

/** The typed Task payloads the state machines send (see {@code statemachine/*.asl.json}). */
public final class Requests {
    private Requests() {}

    /** Input of the validate step: the raw execution input and the execution's identity. */
    public record ValidatePlan(JsonNode input, String executionName, String workflow) {
        public ValidatePlan {
            require(executionName, "executionName");
            require(workflow, "workflow");
        }
    }

    /**
     * A request whose plan's workloads a step acts on: the handler resolves them first, as its first
     * visible step ({@link #resolvedBy}), since a run too large to carry its workloads in the state
     * carries only the plan's selector.
     */
    public interface OnWorkloads<R> extends RunScoped {
        DrPlan plan();

        /** The same request with {@code resolved} as its plan. */
        R withPlan(DrPlan resolved);

        /** The same request with the plan's workloads resolved for this run (unchanged when it carries them). */
        default R resolvedBy(WorkloadResolution workloads) {
            return withPlan(workloads.resolve(plan(), run()));
        }
    }

    /** A step on the whole plan. */
    public record Step(DrPlan plan, RunContext run) implements OnWorkloads<Step> {
        @Override
        public Step withPlan(DrPlan resolved) {
            return new Step(resolved, run);
        }

        public Step {
            require(plan, "plan");
            require(run, "run");
        }
    }

    /**
     * One pass of a write-fence step on a site's file system: {@code action} fence or unfence, with
     * the run's latest write-fence result (null before the first fence). {@code target} is the site
     * whose file system is fenced: the primary (the failover's fence; the default when absent) or
     * DR (the failback's).
     */
    public record WriteFence(DrPlan plan, RunContext run, FenceAction action, FenceCheck previous, Target target)
            implements RunScoped {
        public WriteFence {
            require(plan, "plan");
            require(run, "run");
            require(action, "action");
            target = target == null ? Target.PRIMARY : target;
        }

        public WriteFence(DrPlan plan, RunContext run, FenceAction action, FenceCheck previous) {
            this(plan, run, action, previous, Target.PRIMARY);
        }
    }

    /** One poll of the promotion wait, with the previous poll (null on the first). */
    public record CheckPromotion(
            DrPlan plan, RunContext run, Target target, PromotionCheck previous, Integer redriveCount)
            implements RunScoped {
        public CheckPromotion(DrPlan plan, RunContext run, Target target, PromotionCheck previous) {
            this(plan, run, target, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CheckPromotion {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }

    /**
     * One poll of a replication sync wait, with the previous poll (null on the first); a
     * {@code bestEffort} wait (a graceful failover's final sync) goes on without the proof when its
     * bound passes. {@code fence} is the graceful failover's write fence ({@code $.steps.writeFence};
     * absent elsewhere): its final sync must be later than the fence's propagation too ({@link
     * #mustPass()}).
     */
    public record CheckSync(
            DrPlan plan,
            RunContext run,
            Target source,
            Instant after,
            boolean requireSync,
            boolean bestEffort,
            SyncCheck previous,
            Integer redriveCount,
            FenceCheck fence)
            implements RunScoped {
        public CheckSync(
                DrPlan plan,
                RunContext run,
                Target source,
                Instant after,
                boolean requireSync,
                boolean bestEffort,
                SyncCheck previous) {
            this(plan, run, source, after, requireSync, bestEffort, previous, null, null);
        }

        /**
         * The moment the sync must pass: {@code after}, or the write fence's propagation when that is
         * later ({@link PrimaryWriteFence#quietFrom}): until then a mount outside the plan may still
         * write, and an earlier sync does not carry it.
         */
        public Instant mustPass() {
            Instant fenced = fence != null && fence.action() == FenceAction.FENCE && fence.propagatedAt() != null
                    ? fence.propagatedAt()
                    : null;
            return PrimaryWriteFence.quietFrom(after, fenced);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CheckSync {
            require(plan, "plan");
            require(run, "run");
            require(source, "source");
        }
    }

    /** One pass of the failback's clean-up, with the previous pass (null on the first). */
    public record CleanUp(DrPlan plan, RunContext run, CleanupResult previous, Integer redriveCount)
            implements RunScoped {
        public CleanUp(DrPlan plan, RunContext run, CleanupResult previous) {
            this(plan, run, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CleanUp {
            require(plan, "plan");
            require(run, "run");
        }
    }

    /**
     * Replicating one site's file system onto the other's existing one, with the previous attempt (null on the first).
     */
    public record Replicate(DrPlan plan, RunContext run, Target source, ReplicationSetup previous, Integer redriveCount)
            implements RunScoped {
        public Replicate(DrPlan plan, RunContext run, Target source, ReplicationSetup previous) {
            this(plan, run, source, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public Replicate {
            require(plan, "plan");
            require(run, "run");
            require(source, "source");
        }
    }

    /**
     * Promoting one site's file system, with the evidence of what the other side wrote: the wait
     * that saw its writers gone ({@code stopped}, null when it did not run) and the wait for a sync
     * later than that ({@code finalSync}, null when it did not run).
     */
    /**
     * @param restop the failover's second stop of the primary ("Stop Primary Again"), null until it ran
     */
    public record Promote(
            DrPlan plan,
            RunContext run,
            Target target,
            ReadinessCheck stopped,
            SyncCheck finalSync,
            FenceResult restop,
            FenceCheck writeFence,
            ScaleResult drRestop)
            implements OnWorkloads<Promote> {
        public Promote(DrPlan plan, RunContext run, Target target, ReadinessCheck stopped, SyncCheck finalSync) {
            this(plan, run, target, stopped, finalSync, null, null, null);
        }

        public Promote(
                DrPlan plan,
                RunContext run,
                Target target,
                ReadinessCheck stopped,
                SyncCheck finalSync,
                FenceResult restop,
                FenceCheck writeFence) {
            this(plan, run, target, stopped, finalSync, restop, writeFence, null);
        }

        @Override
        public Promote withPlan(DrPlan resolved) {
            return new Promote(resolved, run, target, stopped, finalSync, restop, writeFence, drRestop);
        }

        /**
         * When the graceful failover's write fence on the primary file system took effect for new
         * mounts; null when no fence of this run has propagated ("Clear Write Fence" leaves the key
         * null, which a Pass state with a null Result may carry as the state's whole input). A pod
         * created after it cannot write: EFS evaluates the policy when a client connects.
         */
        public Instant fencePropagatedAt() {
            return writeFence != null
                            && writeFence.action() == FenceAction.FENCE
                            && writeFence.propagated()
                            && writeFence.propagatedAt() != null
                    ? writeFence.propagatedAt()
                    : null;
        }

        /**
         * Whether "Stop Primary Again" (failover) or "Stop DR Again" (failback) ran: its result has an
         * outcome, or replicas ("Start Primary Recheck" / "Start DR Recheck" leave the key null, which a
         * Pass state with a null Result may carry as the state's whole input).
         */
        public boolean restopped() {
            return (restop != null && restop.outcome() != null) || (drRestop != null && drRestop.replicas() != null);
        }

        /** The generations' fingerprint of the stop the writers' stop was measured on; null when none. */
        public String stopFingerprint() {
            return writersStoppedAt() == null ? null : stopped.stopFingerprint();
        }

        public Promote {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }

        /** When the other side was seen with no pod left (and stayed so); null when that was not seen. */
        public Instant writersStoppedAt() {
            return stopped != null && stopped.ready() && stopped.finishedAt() != null
                    ? stopped.writersStoppedAt()
                    : null;
        }
    }

    /** A step on one site's cluster. */
    public record OnSite(DrPlan plan, RunContext run, Target target) implements RunScoped {
        public OnSite {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }

    /**
     * Recording the active region; {@code reprotect} (the failback's re-protection result, absent in
     * a failover) says whether DR was left unprotected, and since when.
     */
    public record RecordActive(DrPlan plan, RunContext run, Target target, ReplicationSetup reprotect)
            implements RunScoped {
        public RecordActive {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }

        /** When re-protection gave up, leaving DR unprotected; null when it did not. */
        public Instant drUnprotectedSince() {
            return reprotect != null && reprotect.gaveUp() ? reprotect.finishedAt() : null;
        }
    }

    /**
     * The volume preflight after a promotion: {@code promote} (the promote step's result, absent in a
     * lone invocation) tells the last sync the promoted file system got, so claims created after it
     * are named as having no data there.
     */
    public record PreflightVolumes(DrPlan plan, RunContext run, Target target, PromotionResult promote)
            implements OnWorkloads<PreflightVolumes> {
        @Override
        public PreflightVolumes withPlan(DrPlan resolved) {
            return new PreflightVolumes(resolved, run, target, promote);
        }

        public PreflightVolumes {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }

        /** The promoted file system's last sync, or null when it is not known. */
        public Instant lastSyncAt() {
            return promote == null ? null : promote.lastReplicatedAt();
        }
    }

    /**
     * Scaling one site's workloads to a replica level: all of them, or with {@code wave} the wave
     * at its position of the order {@link Waves} gives the level (0 is the first).
     * {@code drUnprotected} (the failback's re-protection gave up) holds a return to standby at 0
     * (see {@link io.efsdr.plan.StandbyHold}).
     */
    public record Scale(
            DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, WaveStep wave, Boolean drUnprotected)
            implements OnWorkloads<Scale> {
        public Scale(DrPlan plan, RunContext run, Target target, ReplicaLevel replicas) {
            this(plan, run, target, replicas, null, null);
        }

        public Scale(DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, WaveStep wave) {
            this(plan, run, target, replicas, wave, null);
        }

        @Override
        public Scale withPlan(DrPlan resolved) {
            return new Scale(resolved, run, target, replicas, wave, drUnprotected);
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        public Scale {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
            require(replicas, "replicas");
        }
    }

    /**
     * One poll of a readiness wait, with the previous poll (null on the first); with {@code wave},
     * of the wait for the wave at its position (see {@link Scale}).
     */
    public record CheckReadiness(
            DrPlan plan,
            RunContext run,
            Target target,
            ReplicaLevel replicas,
            ReadinessCheck previous,
            WaveStep wave,
            Integer redriveCount,
            Boolean drUnprotected)
            implements OnWorkloads<CheckReadiness> {
        public CheckReadiness(
                DrPlan plan, RunContext run, Target target, ReplicaLevel replicas, ReadinessCheck previous) {
            this(plan, run, target, replicas, previous, null);
        }

        public CheckReadiness(
                DrPlan plan,
                RunContext run,
                Target target,
                ReplicaLevel replicas,
                ReadinessCheck previous,
                WaveStep wave) {
            this(plan, run, target, replicas, previous, wave, null, null);
        }

        @Override
        public CheckReadiness withPlan(DrPlan resolved) {
            return new CheckReadiness(resolved, run, target, replicas, previous, wave, redriveCount, drUnprotected);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        public CheckReadiness {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
            require(replicas, "replicas");
        }
    }

    /** One poll of the traffic switch to {@code target}'s region, with the previous poll (null on the first). */
    public record SwitchTraffic(
            DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous, Integer redriveCount)
            implements RunScoped {
        public SwitchTraffic(DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous) {
            this(plan, run, target, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public SwitchTraffic {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }

    /**
     * Running the plan's hooks for one point, given the results of the steps so far (the run's
     * context for the hooks, the wave that just became ready, and the hooks that ran before).
     */
    public record RunHooks(DrPlan plan, RunContext run, HookPoint at, Map<String, JsonNode> steps)
            implements RunScoped {
        public RunHooks {
            require(plan, "plan");
            require(run, "run");
            require(at, "at");
            steps = steps == null ? Map.of() : steps;
        }

        /** The steps so far, as the notify step reads them. */
        NotifyRequest asNotifyRequest() {
            return new NotifyRequest("HOOKS", null, null, plan, run, steps, null, null, null);
        }

        /** The wave that just became ready, for {@code afterWave}: the last readiness poll's. */
        Integer wave() {
            if (at != HookPoint.AFTER_WAVE) {
                return null;
            }
            return asNotifyRequest()
                    .step(StepKey.READINESS)
                    .map(ReadinessCheck::wave)
                    .orElse(null);
        }

        /** What each hook is invoked with; the data-loss window as the notifications report it. */
        HookContext context(NotificationComposer composer) {
            NotificationComposer.Figures figures = composer.figures(asNotifyRequest());
            return new HookContext(
                    run.workflow(),
                    at.json(),
                    wave(),
                    run.executionName(),
                    plan.application(),
                    run.dryRun(),
                    plan.primary(),
                    plan.dr(),
                    figures.dataLossWindowSeconds(),
                    figures.mode() == null ? null : figures.dataLossProven());
        }

        /** The hooks the run reported before this point; null when none ran. */
        HookRecord previous() {
            return asNotifyRequest().step(StepKey.HOOKS).orElse(null);
        }
    }

    /**
     * One pass of a give-back to the GitOps controllers: {@code scope} {@code all} (the failback,
     * once the primary serves) or {@code run} (a run that ends before its promotion gives back what it
     * took); {@code verify} polls until the controllers read in sync; {@code drUnprotected} (the
     * failback's re-protection gave up) keeps DR handed over; {@code previous} is the last pass (null
     * on the first).
     */
    public record GiveBack(
            DrPlan plan,
            RunContext run,
            io.efsdr.gitops.GiveBack.Scope scope,
            Boolean verify,
            Boolean drUnprotected,
            io.efsdr.gitops.GiveBackResult previous,
            Integer redriveCount)
            implements RunScoped {
        public GiveBack {
            require(plan, "plan");
            require(run, "run");
            require(scope, "scope");
        }

        /** Whether the pass waits for the controllers to read in sync. */
        public boolean verifies() {
            return Boolean.TRUE.equals(verify);
        }

        /** Whether the DR file system is writable without replication (re-protection gave up). */
        public boolean unprotected() {
            return Boolean.TRUE.equals(drUnprotected);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }
    }

    /**
     * Input of the readiness run: any JSON. An EventBridge schedule sends its event (with
     * {@code "source": "aws.events"}); an operator may send {@code {}}.
     */
    public record RunReadinessChecks(String source) {
        /** Who started the run, for the notification. */
        public String trigger() {
            return "aws.events".equals(source) ? "scheduled" : "started by hand";
        }
    }

    /**
     * Input of the split-brain guard: any JSON. Its EventBridge schedule sends its event; an operator
     * may send {@code {}}, or {@code {"dryRun": true}} to see what it would do.
     */
    public record RunSplitBrainGuard(Boolean dryRun) {
        public boolean isDryRun() {
            return Boolean.TRUE.equals(dryRun);
        }
    }

    static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidInputException("input." + field + ": is missing");
        }
    }
}
