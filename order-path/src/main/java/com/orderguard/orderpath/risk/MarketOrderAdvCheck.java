package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.OrdType;

/**
 * A market order may be at most maxMarketOrderAdvBps of the symbol's average daily volume (at the
 * cap passes). Where a cap applies and no ADV is configured for the symbol, the order is rejected.
 */
public final class MarketOrderAdvCheck implements RiskCheck
{
    private final ScopedLimits limits;
    private final SymbolTable symbols;

    public MarketOrderAdvCheck(final ScopedLimits limits, final SymbolTable symbols)
    {
        this.limits = limits;
        this.symbols = symbols;
    }

    public int check(final OrderRequest order)
    {
        if (OrdType.MARKET != order.ordType)
        {
            return RejectReason.NONE;
        }
        final long capBps = limits.effective(RiskLimit.MAX_MARKET_ORDER_ADV_BPS, order.account, order.firm, order.symbol);
        if (RiskLimit.UNLIMITED == capBps)
        {
            return RejectReason.NONE;
        }
        final long adv = symbols.advShares(order.symbolIndex);
        if (adv <= 0)
        {
            return RejectReason.MARKET_ORDER_ADV;
        }
        final long capShares = Notional.cents(adv, capBps) / 100; // adv x bps / 10,000
        return order.quantity > capShares ? RejectReason.MARKET_ORDER_ADV : RejectReason.NONE;
    }
}
