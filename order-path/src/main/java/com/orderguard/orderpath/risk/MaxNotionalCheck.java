package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/** No single order's notional (at its limit price, or the reference price for a market order) may exceed maxOrderNotionalCents. */
public final class MaxNotionalCheck implements RiskCheck
{
    private final ScopedLimits limits;

    public MaxNotionalCheck(final ScopedLimits limits)
    {
        this.limits = limits;
    }

    public int check(final OrderRequest order)
    {
        return order.notionalCents >
            limits.effective(RiskLimit.MAX_ORDER_NOTIONAL_CENTS, order.account, order.firm, order.symbol) ?
            RejectReason.MAX_NOTIONAL : RejectReason.NONE;
    }
}
