package io.efsdr.handler;

import io.efsdr.notify.NotifyRequest;
import io.efsdr.notify.NotifyResult;
import io.efsdr.notify.RunReporter;
import java.util.function.Supplier;

/** Publishes a notification for a person, writes an ended run's audit record, records the figures as metrics. */
public final class NotifyHandler extends TypedHandler<NotifyRequest, NotifyResult> {
    private final Supplier<RunReporter> reporter;

    public NotifyHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its reporter over {@code w} on each use: it notifies, and only a function with a topic can. */
    public NotifyHandler(Wiring w) {
        this(() -> new RunReporter(Assembly.composer(w), Assembly.notifier(w), w.metrics(), Assembly.audit(w)));
    }

    /** With a ready-made {@code reporter} (a test's own). */
    public NotifyHandler(RunReporter reporter) {
        this(() -> reporter);
    }

    private NotifyHandler(Supplier<RunReporter> reporter) {
        super(NotifyRequest.class);
        this.reporter = reporter;
    }

    @Override
    protected NotifyResult handle(NotifyRequest request) {
        return reporter.get().report(request);
    }
}
