package io.efsdr.handler;

import io.efsdr.guard.GuardResult;

/**
 * The split-brain guard, on a schedule that runs only while a fence of the old primary is pending:
 * stops the primary's workloads and write-fences its file system as soon as that region answers.
 */
public final class RunSplitBrainGuardHandler extends TypedHandler<Requests.RunSplitBrainGuard, GuardResult> {
    private final Dependencies dependencies;

    public RunSplitBrainGuardHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RunSplitBrainGuardHandler(Dependencies dependencies) {
        super(Requests.RunSplitBrainGuard.class);
        this.dependencies = dependencies;
    }

    @Override
    protected GuardResult handle(Requests.RunSplitBrainGuard request) {
        return dependencies.primaryGuard().run(request.isDryRun());
    }
}
