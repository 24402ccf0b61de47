package io.efsdr.handler;

import io.efsdr.gitops.HandOverResult;

/**
 * Hands the plan's workloads over from their GitOps controllers (Argo CD, Flux) for the length of
 * the DR, in DR's cluster and, when it answers, the primary's; each change recorded to be given back.
 */
public final class HandOverHandler extends TypedHandler<Requests.Step, HandOverResult> {
    private final Dependencies dependencies;

    public HandOverHandler() {
        this(Dependencies.fromEnvironment());
    }

    public HandOverHandler(Dependencies dependencies) {
        super(Requests.Step.class, dependencies.workloads());
        this.dependencies = dependencies;
    }

    @Override
    protected HandOverResult handle(Requests.Step request) {
        return dependencies.handOver().handOver(request.plan(), request.run());
    }
}
