package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * Repeated-execution throttle: the same order (account, symbol, side, quantity, price) sent by one
 * client more than {@code max} times within a window is rejected until the window passes — the
 * signature of a runaway algorithm. Counts every order that reaches it, rejected or not (that is the
 * point). max 0 turns it off.
 */
public final class RepeatedOrderThrottle implements RiskCheck
{
    private final int max;
    private final long windowNs;
    private final long[] accounts;
    private final long[] symbols;
    private final int[] sides;
    private final long[] quantities;
    private final long[] prices;
    private final long[] windowStartNs;
    private final int[] counts;

    public RepeatedOrderThrottle(final int sources, final int max, final long windowNs)
    {
        this.max = max;
        this.windowNs = windowNs;
        accounts = new long[sources];
        symbols = new long[sources];
        sides = new int[sources];
        quantities = new long[sources];
        prices = new long[sources];
        windowStartNs = new long[sources];
        counts = new int[sources];
    }

    public int check(final OrderRequest order)
    {
        if (0 == max)
        {
            return RejectReason.NONE;
        }
        final int s = order.source;
        final boolean same = accounts[s] == order.account && symbols[s] == order.symbol && sides[s] == order.side &&
            quantities[s] == order.quantity && prices[s] == order.priceE4;
        if (!same || order.nowNs - windowStartNs[s] > windowNs)
        {
            accounts[s] = order.account;
            symbols[s] = order.symbol;
            sides[s] = order.side;
            quantities[s] = order.quantity;
            prices[s] = order.priceE4;
            windowStartNs[s] = order.nowNs;
            counts[s] = 0;
        }
        return ++counts[s] > max ? RejectReason.REPEATED_ORDER : RejectReason.NONE;
    }
}
