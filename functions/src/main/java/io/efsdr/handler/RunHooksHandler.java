package io.efsdr.handler;

import io.efsdr.hooks.HookRecord;

/**
 * Runs the plan's hooks for one point (in plan order; none in a dry run) and adds their results to
 * the run's hook record; the state machine stops the run when the record says aborted.
 */
public final class RunHooksHandler extends TypedHandler<Requests.RunHooks, HookRecord> {
    private final Dependencies dependencies;

    public RunHooksHandler() {
        this(Dependencies.fromEnvironment());
    }

    public RunHooksHandler(Dependencies dependencies) {
        super(Requests.RunHooks.class);
        this.dependencies = dependencies;
    }

    @Override
    protected HookRecord handle(Requests.RunHooks request) {
        return dependencies
                .hooks()
                .run(
                        request.plan().hooks(),
                        request.at(),
                        request.context(dependencies.composer()),
                        request.previous());
    }
}
