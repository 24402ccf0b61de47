package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.efs.Promotion;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;

/** One poll of the promotion wait. */
public final class CheckPromotionHandler extends TypedHandler<CheckPromotionHandler.CheckPromotion, PromotionCheck> {
    private final Promotion promotion;

    public CheckPromotionHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public CheckPromotionHandler(Wiring w) {
        this(Assembly.promotion(w));
    }

    /** With ready-made collaborators (a test's own). */
    public CheckPromotionHandler(Promotion promotion) {
        super(CheckPromotion.class);
        this.promotion = promotion;
    }

    @Override
    protected PromotionCheck handle(CheckPromotion request) {
        return promotion.checkPromoted(
                request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }

    /** One poll of the promotion wait, with the previous poll (null on the first). */
    public record CheckPromotion(
            DrPlan plan, RunContext run, Target target, PromotionCheck previous, Integer redriveCount)
            implements RunScoped {
        public CheckPromotion(DrPlan plan, RunContext run, Target target, PromotionCheck previous) {
            this(plan, run, target, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public CheckPromotion {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }
}
