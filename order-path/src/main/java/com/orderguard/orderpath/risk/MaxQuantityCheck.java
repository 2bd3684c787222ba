package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/** No single order may exceed maxOrderQuantity (the tightest of global, account, firm, symbol). At the limit passes. */
public final class MaxQuantityCheck implements RiskCheck
{
    private final ScopedLimits limits;

    public MaxQuantityCheck(final ScopedLimits limits)
    {
        this.limits = limits;
    }

    public int check(final OrderRequest order)
    {
        return order.quantity > limits.effective(RiskLimit.MAX_ORDER_QUANTITY, order.account, order.firm, order.symbol) ?
            RejectReason.MAX_QUANTITY : RejectReason.NONE;
    }
}
