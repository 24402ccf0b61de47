package io.efsdr.handler;

import io.efsdr.gitops.HandOver;
import io.efsdr.gitops.HandOverResult;
import io.efsdr.plan.WorkloadResolution;

/**
 * Hands the plan's workloads over from their GitOps controllers (Argo CD, Flux) for the length of
 * the DR, in DR's cluster and, when it answers, the primary's; each change recorded to be given back.
 */
public final class HandOverHandler extends TypedHandler<Requests.Step, HandOverResult> {
    private final HandOver handOver;
    private final WorkloadResolution workloads;

    public HandOverHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public HandOverHandler(Wiring w) {
        this(
                new HandOver(w.connections(), Assembly.fenceRecord(w), w.clock()),
                Assembly.runPreparation(w).workloads());
    }

    /** With ready-made collaborators (a test's own). */
    public HandOverHandler(HandOver handOver, WorkloadResolution workloads) {
        super(Requests.Step.class);
        this.handOver = handOver;
        this.workloads = workloads;
    }

    @Override
    protected HandOverResult handle(Requests.Step asked) {
        Requests.Step request = asked.resolvedBy(workloads);
        return handOver.handOver(request.plan(), request.run());
    }
}
