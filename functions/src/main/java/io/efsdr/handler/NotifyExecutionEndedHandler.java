package io.efsdr.handler;

import io.efsdr.notify.ExecutionEndReporter;
import io.efsdr.notify.ExecutionEnded;
import io.efsdr.notify.NotifyResult;
import io.efsdr.notify.SfnExecutionHistory;
import java.util.function.Supplier;

/** Reports a DR execution that failed, timed out or was aborted (EventBridge execution status change). */
public final class NotifyExecutionEndedHandler extends TypedHandler<ExecutionEnded, NotifyResult> {
    private final Supplier<ExecutionEndReporter> executionEndReporter;

    public NotifyExecutionEndedHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its executionEndReporter over {@code w} on each use: it notifies, and only a function with a topic can. */
    public NotifyExecutionEndedHandler(Wiring w) {
        this(() -> new ExecutionEndReporter(
                new SfnExecutionHistory(() -> w.aws().sfn(w.settings().region())),
                Assembly.composer(w),
                Assembly.notifier(w),
                Assembly.audit(w)));
    }

    /** With a ready-made {@code executionEndReporter} (a test's own). */
    public NotifyExecutionEndedHandler(ExecutionEndReporter executionEndReporter) {
        this(() -> executionEndReporter);
    }

    private NotifyExecutionEndedHandler(Supplier<ExecutionEndReporter> executionEndReporter) {
        super(ExecutionEnded.class);
        this.executionEndReporter = executionEndReporter;
    }

    @Override
    protected NotifyResult handle(ExecutionEnded request) {
        return executionEndReporter.get().report(request);
    }
}
