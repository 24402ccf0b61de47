package io.efsdr.handler;

import io.efsdr.kubernetes.PreflightResult;

/** Checks that every volume claim of the workloads can be provisioned in the target cluster. */
public final class PreflightVolumesHandler extends TypedHandler<Requests.PreflightVolumes, PreflightResult> {
    private final Dependencies dependencies;

    public PreflightVolumesHandler() {
        this(Dependencies.fromEnvironment());
    }

    public PreflightVolumesHandler(Dependencies dependencies) {
        super(Requests.PreflightVolumes.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected PreflightResult handle(Requests.PreflightVolumes request) {
        var plan = request.plan();
        return dependencies
                .preflight()
                .check(
                        plan.site(request.target()),
                        plan.storageClass(),
                        plan.workloads().list(),
                        plan.kubernetesConcurrency(),
                        request.lastSyncAt());
    }
}
