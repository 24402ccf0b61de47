package io.efsdr.handler;

import io.efsdr.efs.Promotion;
import io.efsdr.efs.PromotionCheck;

/** One poll of the promotion wait. */
public final class CheckPromotionHandler extends TypedHandler<Requests.CheckPromotion, PromotionCheck> {
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
        super(Requests.CheckPromotion.class);
        this.promotion = promotion;
    }

    @Override
    protected PromotionCheck handle(Requests.CheckPromotion request) {
        return promotion.checkPromoted(
                request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }
}
