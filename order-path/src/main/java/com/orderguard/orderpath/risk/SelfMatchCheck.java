package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.order.OpenOrders;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;

/**
 * Self-match prevention: an order may not cross a resting order of the same account in the same
 * symbol (a buy at or above one of its own sells, a sell at or below one of its own buys; a market
 * order crosses anything). Walks only that account's open orders in that symbol on the other side
 * (OpenOrders keeps one list per account, symbol and side), and stops at the first that crosses.
 */
public final class SelfMatchCheck implements RiskCheck
{
    private final OpenOrders openOrders;

    public SelfMatchCheck(final OpenOrders openOrders)
    {
        this.openOrders = openOrders;
    }

    public int check(final OrderRequest order)
    {
        final OpenOrders orders = openOrders;
        final boolean buy = Side.BUY == order.side;
        final boolean market = OrdType.MARKET == order.ordType;
        for (int slot = orders.firstInPosition(order.positionSlot, buy ? Side.SELL : Side.BUY); OpenOrders.NONE != slot;
            slot = orders.nextInPosition(slot))
        {
            if (market || OrdType.MARKET == orders.ordType(slot) ||
                (buy ? order.priceE4 >= orders.priceE4(slot) : order.priceE4 <= orders.priceE4(slot)))
            {
                return RejectReason.SELF_MATCH;
            }
        }
        return RejectReason.NONE;
    }
}
