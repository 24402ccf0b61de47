package io.efsdr.handler;

import io.efsdr.kubernetes.AccessReview;
import io.efsdr.kubernetes.ScalingControllers;
import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.readiness.ReadinessChecks;
import io.efsdr.readiness.ReadinessMonitor;
import io.efsdr.readiness.ReadinessReport;
import io.efsdr.readiness.ReadinessState;
import java.util.function.Supplier;

/** Runs the readiness checks once (on a schedule or by hand); notifies only when a result changed. */
public final class RunReadinessChecksHandler
        extends TypedHandler<RunReadinessChecksHandler.RunReadinessChecks, ReadinessReport> {
    private final Supplier<ReadinessMonitor> monitor;

    public RunReadinessChecksHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its monitor over {@code w} on each use: it notifies, and only a function with a topic can. */
    public RunReadinessChecksHandler(Wiring w) {
        this(() -> monitor(w));
    }

    /** With a ready-made {@code monitor} (a test's own). */
    public RunReadinessChecksHandler(ReadinessMonitor monitor) {
        this(() -> monitor);
    }

    private RunReadinessChecksHandler(Supplier<ReadinessMonitor> monitor) {
        super(RunReadinessChecks.class);
        this.monitor = monitor;
    }

    @Override
    protected ReadinessReport handle(RunReadinessChecks request) {
        return monitor.get().run(request.trigger());
    }

    private static ReadinessMonitor monitor(Wiring w) {
        return new ReadinessMonitor(
                new ReadinessChecks(
                        Assembly.runPreparation(w),
                        Assembly.fileSystems(w),
                        new AccessReview(w.connections()),
                        new StorageClassEnsurer(w.connections(), w.clock()),
                        new VolumePreflight(w.connections(), w.clock()),
                        new ScalingControllers(w.connections()),
                        Assembly.activeRegion(w),
                        w.clock(),
                        Assembly.recordSetOwnership(w),
                        Assembly.fenceRecord(w)),
                new ReadinessState(Assembly.parameters(w), w.settings().readinessStateParameterName()),
                Assembly.notifier(w),
                w.metrics(),
                w.settings().activeRegionParameterName(),
                w.clock(),
                Assembly.audit(w));
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
}
