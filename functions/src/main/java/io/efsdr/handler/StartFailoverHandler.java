package io.efsdr.handler;

import io.efsdr.guard.TriggerMemory;
import io.efsdr.trigger.AlarmEvent;
import io.efsdr.trigger.FailoverTrigger;
import io.efsdr.trigger.TriggerResult;
import java.util.function.Supplier;

/** Starts the failover state machine for a CloudWatch alarm that went to ALARM (EventBridge target). */
public final class StartFailoverHandler extends TypedHandler<AlarmEvent, TriggerResult> {
    private final Supplier<FailoverTrigger> trigger;

    public StartFailoverHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds its trigger over {@code w} on each use: it notifies, and only a function with a topic can. */
    public StartFailoverHandler(Wiring w) {
        this(() -> trigger(w));
    }

    /** With a ready-made {@code trigger} (a test's own). */
    public StartFailoverHandler(FailoverTrigger trigger) {
        this(() -> trigger);
    }

    private StartFailoverHandler(Supplier<FailoverTrigger> trigger) {
        super(AlarmEvent.class);
        this.trigger = trigger;
    }

    @Override
    protected TriggerResult handle(AlarmEvent request) {
        return trigger.get().start(request);
    }

    private static FailoverTrigger trigger(Wiring w) {
        TriggerMemory memory =
                new TriggerMemory(Assembly.parameters(w), w.settings().triggerStateParameterName());
        return new FailoverTrigger(
                w.aws().sfn(w.settings().region()),
                w.settings(),
                new FailoverTrigger.Guards(
                        Assembly.activeRegion(w),
                        Assembly.executions(w),
                        memory,
                        Assembly.notifier(w),
                        w.clock(),
                        Assembly.audit(w)));
    }
}
