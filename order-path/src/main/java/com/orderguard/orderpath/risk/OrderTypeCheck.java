package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.OrdType;
import org.agrona.collections.Long2LongHashMap;

/** Order-type restrictions: the order type must be allowed globally and for the account, firm and symbol. */
public final class OrderTypeCheck implements RiskCheck
{
    private static final long ALL = -1L;

    private final Long2LongHashMap byAccount;
    private final Long2LongHashMap byFirm;
    private final Long2LongHashMap bySymbol;
    private long global = ALL;

    public OrderTypeCheck(final int expectedEntries)
    {
        byAccount = new Long2LongHashMap(expectedEntries, 0.65f, ALL);
        byFirm = new Long2LongHashMap(expectedEntries, 0.65f, ALL);
        bySymbol = new Long2LongHashMap(expectedEntries, 0.65f, ALL);
    }

    /** Set-up: the allowed mask ({@link OrdType#bit} values) for a scope. */
    public void allow(final int scope, final long id, final long mask)
    {
        switch (scope)
        {
            case Scope.GLOBAL -> global = mask;
            case Scope.ACCOUNT -> byAccount.put(id, mask);
            case Scope.FIRM -> byFirm.put(id, mask);
            case Scope.SYMBOL -> bySymbol.put(id, mask);
            default -> throw new IllegalArgumentException("scope " + scope);
        }
    }

    public int check(final OrderRequest order)
    {
        final long bit = OrdType.bit(order.ordType);
        long mask = global;
        if (!byAccount.isEmpty())
        {
            mask &= byAccount.get(order.account);
        }
        if (!bySymbol.isEmpty())
        {
            mask &= bySymbol.get(order.symbol);
        }
        if (0 != order.firm && !byFirm.isEmpty())
        {
            mask &= byFirm.get(order.firm);
        }
        return 0 == (mask & bit) ? RejectReason.ORD_TYPE_NOT_ALLOWED : RejectReason.NONE;
    }
}
