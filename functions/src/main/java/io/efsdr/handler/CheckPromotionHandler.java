package io.efsdr.handler;

import io.efsdr.efs.PromotionCheck;

/** One poll of the promotion wait. */
public final class CheckPromotionHandler extends TypedHandler<Requests.CheckPromotion, PromotionCheck> {
    private final Dependencies dependencies;

    public CheckPromotionHandler() {
        this(Dependencies.fromEnvironment());
    }

    public CheckPromotionHandler(Dependencies dependencies) {
        super(Requests.CheckPromotion.class);
        this.dependencies = dependencies;
    }

    @Override
    protected PromotionCheck handle(Requests.CheckPromotion request) {
        return dependencies
                .promotion()
                .checkPromoted(request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }
}
