package io.efsdr.handler;

import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookRunner;
import io.efsdr.hooks.LambdaHookInvoker;
import io.efsdr.notify.NotificationComposer;

/**
 * Runs the plan's hooks for one point (in plan order; none in a dry run) and adds their results to
 * the run's hook record; the state machine stops the run when the record says aborted.
 */
public final class RunHooksHandler extends TypedHandler<Requests.RunHooks, HookRecord> {
    private final HookRunner hooks;
    private final NotificationComposer composer;

    public RunHooksHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public RunHooksHandler(Wiring w) {
        this(new HookRunner(new LambdaHookInvoker(w.aws()::lambda, w.clock()), w.clock()), Assembly.composer(w));
    }

    /** With ready-made collaborators (a test's own). */
    public RunHooksHandler(HookRunner hooks, NotificationComposer composer) {
        super(Requests.RunHooks.class);
        this.hooks = hooks;
        this.composer = composer;
    }

    @Override
    protected HookRecord handle(Requests.RunHooks request) {
        return hooks.run(request.plan().hooks(), request.at(), request.context(composer), request.previous());
    }
}
