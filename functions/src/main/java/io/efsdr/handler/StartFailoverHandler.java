package io.efsdr.handler;

import io.efsdr.trigger.AlarmEvent;
import io.efsdr.trigger.TriggerResult;

/** Starts the failover state machine for a CloudWatch alarm that went to ALARM (EventBridge target). */
public final class StartFailoverHandler extends TypedHandler<AlarmEvent, TriggerResult> {
    private final Dependencies dependencies;

    public StartFailoverHandler() {
        this(Dependencies.fromEnvironment());
    }

    public StartFailoverHandler(Dependencies dependencies) {
        super(AlarmEvent.class);
        this.dependencies = dependencies;
    }

    @Override
    protected TriggerResult handle(AlarmEvent request) {
        return dependencies.trigger().start(request);
    }
}
