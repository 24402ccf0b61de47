package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.PromotionResult;
import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.VolumePreflight;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Target;
import io.efsdr.plan.WorkloadResolution;
import java.time.Instant;

/** Checks that every volume claim of the workloads can be provisioned in the target cluster. */
public final class PreflightVolumesHandler
        extends TypedHandler<PreflightVolumesHandler.PreflightVolumes, PreflightResult> {
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
        super(PreflightVolumes.class);
        this.preflight = preflight;
        this.workloads = workloads;
    }

    @Override
    protected PreflightResult handle(PreflightVolumes asked) {
        PreflightVolumes request = asked.resolvedBy(workloads);
        var plan = request.plan();
        return preflight.check(
                plan.site(request.target()),
                plan.storageClass(),
                plan.workloads().list(),
                plan.kubernetesConcurrency(),
                request.lastSyncAt());
    }

    /**
     * The volume preflight after a promotion: {@code promote} (the promote step's result, absent in a
     * lone invocation) tells the last sync the promoted file system got, so claims created after it
     * are named as having no data there.
     */
    public record PreflightVolumes(DrPlan plan, RunContext run, Target target, PromotionResult promote)
            implements Requests.OnWorkloads<PreflightVolumes> {
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
}
