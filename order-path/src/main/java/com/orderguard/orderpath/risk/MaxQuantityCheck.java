package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * The order path's one real pre-trade risk check for now: no single order may exceed
 * {@code orderpath.risk.maxOrderQuantity}. An order exactly at the limit passes.
 */
public final class MaxQuantityCheck
{
    private final long maxOrderQuantity;

    public MaxQuantityCheck(final long maxOrderQuantity)
    {
        if (maxOrderQuantity <= 0)
        {
            throw new IllegalArgumentException("maxOrderQuantity must be > 0, was " + maxOrderQuantity);
        }
        this.maxOrderQuantity = maxOrderQuantity;
    }

    /** {@link RejectReason#NONE} when {@code quantity} may trade, else {@link RejectReason#MAX_QUANTITY}. */
    public int check(final long quantity)
    {
        return quantity > maxOrderQuantity ? RejectReason.MAX_QUANTITY : RejectReason.NONE;
    }

    public long maxOrderQuantity()
    {
        return maxOrderQuantity;
    }
}
