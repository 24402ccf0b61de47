package io.efsdr.handler;

import io.efsdr.kubernetes.ReadinessCheck;

/** One poll of a readiness wait. */
public final class CheckReadinessHandler extends TypedHandler<Requests.CheckReadiness, ReadinessCheck> {
    private final Dependencies dependencies;

    public CheckReadinessHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CheckReadinessHandler(Dependencies dependencies) {
        super(Requests.CheckReadiness.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected ReadinessCheck handle(Requests.CheckReadiness request) {
        var plan = request.plan();
        return dependencies
                .readiness()
                .check(
                        plan.site(request.target()),
                        plan.workloads().list(),
                        request.replicas(),
                        plan.kubernetesConcurrency(),
                        plan.timeouts().readinessSeconds(),
                        request.run().dryRun(),
                        request.previous());
    }
}
