package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.hooks.HookContext;
import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookRunner;
import io.efsdr.hooks.LambdaHookInvoker;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.notify.NotificationComposer;
import io.efsdr.notify.NotifyRequest;
import io.efsdr.notify.StepKey;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.HookPoint;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import java.util.Map;

/**
 * Runs the plan's hooks for one point (in plan order; none in a dry run) and adds their results to
 * the run's hook record; the state machine stops the run when the record says aborted.
 */
public final class RunHooksHandler extends TypedHandler<RunHooksHandler.RunHooks, HookRecord> {
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
        super(RunHooks.class);
        this.hooks = hooks;
        this.composer = composer;
    }

    @Override
    protected HookRecord handle(RunHooks request) {
        return hooks.run(request.plan().hooks(), request.at(), request.context(composer), request.previous());
    }

    /**
     * Running the plan's hooks for one point, given the results of the steps so far (the run's
     * context for the hooks, the wave that just became ready, and the hooks that ran before).
     */
    public record RunHooks(DrPlan plan, RunContext run, HookPoint at, Map<String, JsonNode> steps)
            implements RunScoped {
        public RunHooks {
            require(plan, "plan");
            require(run, "run");
            require(at, "at");
            steps = steps == null ? Map.of() : steps;
        }

        /** The steps so far, as the notify step reads them. */
        NotifyRequest asNotifyRequest() {
            return new NotifyRequest("HOOKS", null, null, plan, run, steps, null, null, null);
        }

        /** The wave that just became ready, for {@code afterWave}: the last readiness poll's. */
        Integer wave() {
            if (at != HookPoint.AFTER_WAVE) {
                return null;
            }
            return asNotifyRequest()
                    .step(StepKey.READINESS)
                    .map(ReadinessCheck::wave)
                    .orElse(null);
        }

        /** What each hook is invoked with; the data-loss window as the notifications report it. */
        HookContext context(NotificationComposer composer) {
            NotificationComposer.Figures figures = composer.figures(asNotifyRequest());
            return new HookContext(
                    run.workflow(),
                    at.json(),
                    wave(),
                    run.executionName(),
                    plan.application(),
                    run.dryRun(),
                    plan.primary(),
                    plan.dr(),
                    figures.dataLossWindowSeconds(),
                    figures.mode() == null ? null : figures.dataLossProven());
        }

        /** The hooks the run reported before this point; null when none ran. */
        HookRecord previous() {
            return asNotifyRequest().step(StepKey.HOOKS).orElse(null);
        }
    }
}
