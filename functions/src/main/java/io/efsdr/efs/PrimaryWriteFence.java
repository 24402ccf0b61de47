package io.efsdr.efs;

import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The graceful failover's write fence on the primary file system, as EFS applies it. EFS evaluates
 * the file system policy when a client connects, and a policy change "can take several minutes to
 * take effect" (EFS user guide, "Creating file system policies"; "Using IAM to control file system
 * data access"): a mount made before the change has propagated is judged by the old policy for as
 * long as it lasts. So no step may lean on the fence until {@code timeouts.fencePropagationSeconds}
 * after it went on (the failover promotes only then), and a primary given back scales up only that
 * long after the fence came off (a pod that mounts earlier stays refused writes until it is
 * re-created). The failback puts the same fence on the DR file system ({@code target} DR) once DR's
 * writers are gone, so that nothing scaled up in DR after the primary is promoted (a controller the
 * orchestrator cannot see, a writer outside the plan) can write there while the primary serves; it
 * comes off before DR's workloads scale up again. Each pass is idempotent: a retry or redrive finds the policy as it left it and keeps
 * the time of the change from the previous pass, or, with none, counts from now.
 */
public final class PrimaryWriteFence {
    private final WriteFence writeFence;
    private final Clock clock;

    public PrimaryWriteFence(WriteFence writeFence, Clock clock) {
        this.writeFence = writeFence;
        this.clock = clock;
    }

    /** One pass on the primary file system: puts the fence on (or finds it on). */
    public FenceCheck fence(DrPlan plan, RunContext run, FenceCheck previous) {
        return fence(plan, run, previous, Target.PRIMARY);
    }

    /** One pass on the target's file system: puts the fence on (or finds it on) and says whether it has propagated. */
    public FenceCheck fence(DrPlan plan, RunContext run, FenceCheck previous, Target target) {
        Instant started = clock.instant();
        Site primary = plan.site(target);
        WriteFence.Outcome outcome = writeFence.fence(primary, run.dryRun());
        if (outcome == WriteFence.Outcome.DRY_RUN) {
            return done(
                    FenceAction.FENCE,
                    outcome,
                    "dry run: would write-fence " + primary.fileSystemId() + " (a policy denying ClientWrite, "
                            + "beside the operator's statements) and wait "
                            + plan.timeouts().fencePropagationSeconds() + " s for it to propagate",
                    started);
        }
        Instant changedAt = outcome == WriteFence.Outcome.ALREADY_FENCED && sameAction(previous, FenceAction.FENCE)
                ? previous.changedAt()
                : started;
        return pass(plan, FenceAction.FENCE, outcome, changedAt, started, "write-fenced " + primary.fileSystemId());
    }

    /**
     * One pass: takes the fence off (or finds it off) and says whether the removal has propagated.
     * {@code previous} is the latest write-fence result of the run: the fence's, on the first pass.
     */
    public FenceCheck unfence(DrPlan plan, RunContext run, FenceCheck previous) {
        return unfence(plan, run, previous, Target.PRIMARY);
    }

    /** One pass on the target's file system: takes the fence off (or finds it off), as {@link #unfence}. */
    public FenceCheck unfence(DrPlan plan, RunContext run, FenceCheck previous, Target target) {
        Instant started = clock.instant();
        Site primary = plan.site(target);
        WriteFence.Outcome outcome = writeFence.unfence(primary, run.dryRun());
        if (outcome == WriteFence.Outcome.DRY_RUN) {
            return done(
                    FenceAction.UNFENCE,
                    outcome,
                    "dry run: would remove the write fence from " + primary.fileSystemId() + " and wait "
                            + plan.timeouts().fencePropagationSeconds() + " s before scaling "
                            + (target == Target.DR ? "DR" : "the primary") + " up",
                    started);
        }
        Instant changedAt;
        if (outcome == WriteFence.Outcome.UNFENCED) {
            changedAt = started;
        } else if (sameAction(previous, FenceAction.UNFENCE)) {
            changedAt = previous.changedAt();
        } else if (previous != null && previous.changedAt() != null) {
            // This run fenced, and the fence is gone already: a pass whose answer was lost removed it.
            changedAt = started;
        } else {
            return done(
                    FenceAction.UNFENCE,
                    outcome,
                    primary.fileSystemId() + " carries no write fence: nothing to remove",
                    started);
        }
        return pass(
                plan,
                FenceAction.UNFENCE,
                outcome,
                changedAt,
                started,
                "removed the write fence from " + primary.fileSystemId() + " (the operator's own statements stay)");
    }

    private static boolean sameAction(FenceCheck previous, FenceAction action) {
        return previous != null && previous.action() == action && previous.changedAt() != null;
    }

    private FenceCheck pass(
            DrPlan plan,
            FenceAction action,
            WriteFence.Outcome outcome,
            Instant changedAt,
            Instant started,
            String did) {
        Instant propagatedAt = changedAt.plusSeconds(plan.timeouts().fencePropagationSeconds());
        Instant now = clock.instant();
        boolean propagated = !now.isBefore(propagatedAt);
        long wait = propagated
                ? 0
                : Math.max(1, (Duration.between(now, propagatedAt).toMillis() + 999) / 1000);
        String what = action == FenceAction.FENCE ? "new mounts are refused writes" : "new mounts may write again";
        String summary = did + " at " + changedAt + "; "
                + (propagated
                        ? what + " since " + propagatedAt
                        : "waiting until " + propagatedAt + " ("
                                + plan.timeouts().fencePropagationSeconds()
                                + " s, timeouts.fencePropagationSeconds) before " + what);
        return new FenceCheck(action, outcome, changedAt, propagatedAt, propagated, wait, summary, started, now);
    }

    private FenceCheck done(FenceAction action, WriteFence.Outcome outcome, String summary, Instant started) {
        return new FenceCheck(action, outcome, null, null, true, 0, summary, started, clock.instant());
    }

    /**
     * The moment from which nothing new can write to the primary file system, so a sync that
     * started later carries everything: the plan's writers are gone ({@code writersStoppedAt}) and,
     * when this run put the write fence on, the fence has propagated ({@code fencePropagatedAt}).
     * Before that, a mount outside the plan (a CronJob's new pod, a Lambda environment, an EC2
     * remount) still connects with write access: EFS evaluates the file system policy when a client
     * connects (user guide, "Using IAM to control access to file systems"), and a policy change "can
     * take several minutes to take effect" ("Creating file system policies"). A mount made before the
     * fence propagated is not refused afterwards; docs/safety.md says what covers it.
     *
     * @return the later of the two; {@code writersStoppedAt} when there is no fence
     */
    public static Instant quietFrom(Instant writersStoppedAt, Instant fencePropagatedAt) {
        if (writersStoppedAt == null || fencePropagatedAt == null) {
            return writersStoppedAt;
        }
        return fencePropagatedAt.isAfter(writersStoppedAt) ? fencePropagatedAt : writersStoppedAt;
    }
}
