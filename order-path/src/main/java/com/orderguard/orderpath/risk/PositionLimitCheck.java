package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * Intraday position limits: the account's worst-case position in the symbol (if every open order
 * on one side filled, this one included) may not pass maxPositionQty, and its gross worst case over
 * all symbols may not pass maxGrossPositionQty. Reaching a limit exactly passes.
 */
public final class PositionLimitCheck implements RiskCheck
{
    private final ScopedLimits limits;
    private final Positions positions;

    public PositionLimitCheck(final ScopedLimits limits, final Positions positions)
    {
        this.limits = limits;
        this.positions = positions;
    }

    public int check(final OrderRequest order)
    {
        final int slot = order.positionSlot;
        final long worstBefore = positions.worst(slot);
        final long worstAfter = positions.worstWith(slot, order.side, order.openQtyDelta);
        if (worstAfter > worstBefore &&
            worstAfter > limits.effective(RiskLimit.MAX_POSITION_QTY, order.account, order.firm, order.symbol))
        {
            return RejectReason.POSITION_LIMIT;
        }
        final long grossAfter = positions.grossWorst(order.accountIndex) + worstAfter - worstBefore;
        if (worstAfter > worstBefore &&
            grossAfter > limits.effective(RiskLimit.MAX_GROSS_POSITION_QTY, order.account, order.firm, order.symbol))
        {
            return RejectReason.GROSS_POSITION_LIMIT;
        }
        return RejectReason.NONE;
    }
}
