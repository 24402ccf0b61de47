package io.efsdr.handler;

import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.plan.WorkloadResolution;

/** Checks that every volume claim of the workloads can be provisioned in the target cluster. */
public final class PreflightVolumesHandler extends TypedHandler<Requests.PreflightVolumes, PreflightResult> {
    private final VolumePreflight preflight;
    private final WorkloadResolution workloads;

    public PreflightVolumesHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public PreflightVolumesHandler(Wiring w) {
        this(
                new VolumePreflight(w.connections(), w.clock()),
                Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public PreflightVolumesHandler(VolumePreflight preflight, WorkloadResolution workloads) {
        super(Requests.PreflightVolumes.class);
        this.preflight = preflight;
        this.workloads = workloads;
    }

    @Override
    protected PreflightResult handle(Requests.PreflightVolumes asked) {
        Requests.PreflightVolumes request = asked.resolvedBy(workloads);
        var plan = request.plan();
        return preflight.check(
                plan.site(request.target()),
                plan.storageClass(),
                plan.workloads().list(),
                plan.kubernetesConcurrency(),
                request.lastSyncAt());
    }
}
