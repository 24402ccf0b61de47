package io.efsdr.handler;

import io.efsdr.notify.ExecutionEnded;
import io.efsdr.notify.NotifyResult;

/** Reports a DR execution that failed, timed out or was aborted (EventBridge execution status change). */
public final class NotifyExecutionEndedHandler extends TypedHandler<ExecutionEnded, NotifyResult> {
    private final Dependencies dependencies;

    public NotifyExecutionEndedHandler() {
        this(Dependencies.fromEnvironment());
    }

    public NotifyExecutionEndedHandler(Dependencies dependencies) {
        super(ExecutionEnded.class);
        this.dependencies = dependencies;
    }

    @Override
    protected NotifyResult handle(ExecutionEnded request) {
        return dependencies.executionEndReporter().report(request);
    }
}
