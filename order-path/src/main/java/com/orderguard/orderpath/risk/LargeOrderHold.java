package com.orderguard.orderpath.risk;

/**
 * Large-order hold: an order whose notional is above holdNotionalCents (default 1,000,000.00)
 * passes every check and then waits for a second person to release it (releaseHeldOrder) or
 * reject it (rejectHeldOrder); not released within orderpath.hold.timeoutMs, it is rejected
 * HOLD_TIMEOUT. At the threshold exactly it is not held.
 */
public final class LargeOrderHold
{
    private final ScopedLimits limits;

    public LargeOrderHold(final ScopedLimits limits)
    {
        this.limits = limits;
    }

    public boolean shouldHold(final OrderRequest order)
    {
        return order.notionalCents >
            limits.effective(RiskLimit.HOLD_NOTIONAL_CENTS, order.account, order.firm, order.symbol);
    }
}
