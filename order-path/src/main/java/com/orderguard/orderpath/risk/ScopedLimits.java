package com.orderguard.orderpath.risk;

import org.agrona.collections.Long2LongHashMap;

/**
 * The values of every {@link RiskLimit}: one global value and overrides per account, firm and
 * symbol, keyed by packed id. The effective per-order limit is the tightest of those that apply.
 * Changed only by the order-path thread when it applies a SET_LIMIT command, between orders.
 * Maps are sized up front so a lookup, and a change of an existing entry, never allocate.
 */
public final class ScopedLimits
{
    private final long[] global = new long[RiskLimit.COUNT];
    private final Long2LongHashMap[] byAccount = new Long2LongHashMap[RiskLimit.COUNT];
    private final Long2LongHashMap[] byFirm = new Long2LongHashMap[RiskLimit.COUNT];
    private final Long2LongHashMap[] bySymbol = new Long2LongHashMap[RiskLimit.COUNT];
    /**
     * Bit {@code limit} is set while that limit has overrides in the scope: one field read tells an
     * order that there is nothing to look up (the common case), where asking each map whether it is
     * empty touched a cache line per map, per limit, per order.
     */
    private int accountOverrides;
    private int firmOverrides;
    private int symbolOverrides;

    static
    {
        if (RiskLimit.COUNT > Integer.SIZE)
        {
            throw new ExceptionInInitializerError("override bits hold at most 32 limits, RiskLimit.COUNT is " + RiskLimit.COUNT);
        }
    }

    public ScopedLimits(final int expectedEntries)
    {
        for (int limit = 0; limit < RiskLimit.COUNT; limit++)
        {
            global[limit] = RiskLimit.UNLIMITED;
            byAccount[limit] = new Long2LongHashMap(expectedEntries, 0.65f, RiskLimit.UNLIMITED);
            byFirm[limit] = new Long2LongHashMap(expectedEntries, 0.65f, RiskLimit.UNLIMITED);
            bySymbol[limit] = new Long2LongHashMap(expectedEntries, 0.65f, RiskLimit.UNLIMITED);
        }
    }

    /**
     * Sets a limit; {@link RiskLimit#UNLIMITED} removes an override (or lifts the global value).
     *
     * @return false for an unknown limit or scope.
     */
    public boolean set(final int limit, final int scope, final long id, final long value)
    {
        if (limit < 0 || limit >= RiskLimit.COUNT || value <= 0)
        {
            return false;
        }
        switch (scope)
        {
            case Scope.GLOBAL:
                global[limit] = value;
                return true;
            case Scope.ACCOUNT:
                accountOverrides = put(accountOverrides, limit, byAccount[limit], id, value);
                return true;
            case Scope.FIRM:
                firmOverrides = put(firmOverrides, limit, byFirm[limit], id, value);
                return true;
            case Scope.SYMBOL:
                if (RiskLimit.CREDIT_LIMIT_CENTS == limit)
                {
                    return false;
                }
                symbolOverrides = put(symbolOverrides, limit, bySymbol[limit], id, value);
                return true;
            default:
                return false;
        }
    }

    /** Puts or removes the override; returns the scope's override bits as they now are. */
    private static int put(final int overrides, final int limit, final Long2LongHashMap map, final long id, final long value)
    {
        if (RiskLimit.UNLIMITED == value)
        {
            map.remove(id);
        }
        else
        {
            map.put(id, value);
        }
        return map.isEmpty() ? overrides & ~(1 << limit) : overrides | (1 << limit);
    }

    /** The tightest of the global, account, firm and symbol values of {@code limit}. */
    public long effective(final int limit, final long account, final long firm, final long symbol)
    {
        final int bit = 1 << limit;
        long value = global[limit];
        if (0 != (accountOverrides & bit))
        {
            value = Math.min(value, byAccount[limit].get(account));
        }
        if (0 != firm && 0 != (firmOverrides & bit))
        {
            value = Math.min(value, byFirm[limit].get(firm));
        }
        if (0 != (symbolOverrides & bit))
        {
            value = Math.min(value, bySymbol[limit].get(symbol));
        }
        return value;
    }

    /** The account's own bound: the tighter of the global and the account value. */
    public long accountBound(final int limit, final long account)
    {
        return 0 == (accountOverrides & (1 << limit)) ? global[limit] :
            Math.min(global[limit], byAccount[limit].get(account));
    }

    /** The firm's own bound, {@link RiskLimit#UNLIMITED} when none is set. */
    public long firmBound(final int limit, final long firm)
    {
        return 0 == firm || 0 == (firmOverrides & (1 << limit)) ? RiskLimit.UNLIMITED : byFirm[limit].get(firm);
    }

    public long global(final int limit)
    {
        return global[limit];
    }
}
