package io.efsdr.handler;

import io.efsdr.gitops.HandOver;
import io.efsdr.guard.FenceRecord;
import io.efsdr.guard.GuardResult;
import io.efsdr.guard.PrimaryGuard;
import io.efsdr.notify.sns.Notifier;
import io.efsdr.plan.RunPreparation;
import java.util.function.Supplier;

/**
 * The split-brain guard, on a schedule that runs only while a fence of the old primary is pending:
 * stops the primary's workloads and write-fences its file system as soon as that region answers.
 */
public final class RunSplitBrainGuardHandler
        extends TypedHandler<RunSplitBrainGuardHandler.RunSplitBrainGuard, GuardResult> {
    private final Supplier<PrimaryGuard> primaryGuard;

    public RunSplitBrainGuardHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its primaryGuard over {@code w} on each use: it notifies, and only a function with a topic can. */
    public RunSplitBrainGuardHandler(Wiring w) {
        this(() -> primaryGuard(w));
    }

    /** With a ready-made {@code primaryGuard} (a test's own). */
    public RunSplitBrainGuardHandler(PrimaryGuard primaryGuard) {
        this(() -> primaryGuard);
    }

    private RunSplitBrainGuardHandler(Supplier<PrimaryGuard> primaryGuard) {
        super(RunSplitBrainGuard.class);
        this.primaryGuard = primaryGuard;
    }

    @Override
    protected GuardResult handle(RunSplitBrainGuard request) {
        return primaryGuard.get().run(request.isDryRun());
    }

    private static PrimaryGuard primaryGuard(Wiring w) {
        Notifier notifier = Assembly.notifier(w);
        FenceRecord fenceRecord = Assembly.fenceRecord(w);
        RunPreparation runPreparation = Assembly.runPreparation(w);
        // Built before the method references below, which are the guard's (AwsCallGraph binds the
        // functions created before a constructor call to that constructor's class).
        HandOver handOver = new HandOver(w.connections(), fenceRecord, w.clock());
        return new PrimaryGuard(
                fenceRecord,
                Assembly.activeRegion(w)::read,
                runPreparation::readPlan,
                runPreparation::resolveWorkloads,
                Assembly.scaler(w),
                Assembly.readiness(w),
                Assembly.writeFence(w),
                Assembly.guardSchedule(w),
                notifier::publish,
                w.clock(),
                handOver);
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
}
