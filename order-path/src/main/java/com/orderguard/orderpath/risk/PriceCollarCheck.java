package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * Market-data reasonability: a limit price may lie at most priceCollarBps from the symbol's
 * reference price (at the band's edge passes). Where a collar applies and the venue has sent no
 * reference price, the order is rejected NO_REFERENCE_PRICE: without a reference there is nothing
 * to judge the price by, and fail closed means no.
 */
public final class PriceCollarCheck implements RiskCheck
{
    private final ScopedLimits limits;

    public PriceCollarCheck(final ScopedLimits limits)
    {
        this.limits = limits;
    }

    public int check(final OrderRequest order)
    {
        if (com.orderguard.orderpath.protocol.OrdType.LIMIT != order.ordType)
        {
            return RejectReason.NONE;
        }
        final long collarBps = limits.effective(RiskLimit.PRICE_COLLAR_BPS, order.account, order.firm, order.symbol);
        if (RiskLimit.UNLIMITED == collarBps)
        {
            return RejectReason.NONE;
        }
        final long reference = order.referencePriceE4;
        if (reference <= 0)
        {
            return RejectReason.NO_REFERENCE_PRICE;
        }
        final long band = Notional.cents(reference, collarBps) / 100; // reference x bps / 10,000
        final long distance = Math.abs(order.priceE4 - reference);
        return distance > band ? RejectReason.PRICE_COLLAR : RejectReason.NONE;
    }
}
