package io.efsdr.handler;

import io.efsdr.notify.NotifyRequest;
import io.efsdr.notify.NotifyResult;
import io.efsdr.notify.RunReporter;

/** Publishes a notification for a person, writes an ended run's audit record, records the figures as metrics. */
public final class NotifyHandler extends TypedHandler<NotifyRequest, NotifyResult> {
    private final Dependencies dependencies;

    public NotifyHandler() {
        this(Dependencies.fromEnvironment());
    }

    public NotifyHandler(Dependencies dependencies) {
        super(NotifyRequest.class);
        this.dependencies = dependencies;
    }

    @Override
    protected NotifyResult handle(NotifyRequest request) {
        return new RunReporter(
                        dependencies.composer(), dependencies.notifier(), dependencies.metrics(), dependencies.audit())
                .report(request);
    }
}
