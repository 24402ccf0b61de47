package io.efsdr.handler;

import io.efsdr.readiness.ReadinessMonitor;
import io.efsdr.readiness.ReadinessReport;

/** Runs the readiness checks once (on a schedule or by hand); notifies only when a result changed. */
public final class RunReadinessChecksHandler extends TypedHandler<Requests.RunReadinessChecks, ReadinessReport> {
    private final Dependencies dependencies;

    public RunReadinessChecksHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RunReadinessChecksHandler(Dependencies dependencies) {
        super(Requests.RunReadinessChecks.class);
        this.dependencies = dependencies;
    }

    @Override
    protected ReadinessReport handle(Requests.RunReadinessChecks request) {
        return new ReadinessMonitor(
                        dependencies.readinessChecks(),
                        dependencies.readinessState(),
                        dependencies.notifier(),
                        dependencies.metrics(),
                        dependencies.settings().activeRegionParameterName(),
                        dependencies.clock(),
                        dependencies.audit())
                .run(request.trigger());
    }
}
