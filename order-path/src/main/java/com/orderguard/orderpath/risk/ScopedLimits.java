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
                return put(byAccount[limit], id, value);
            case Scope.FIRM:
                return put(byFirm[limit], id, value);
            case Scope.SYMBOL:
                return RiskLimit.CREDIT_LIMIT_CENTS != limit && put(bySymbol[limit], id, value);
            default:
                return false;
        }
    }

    private static boolean put(final Long2LongHashMap map, final long id, final long value)
    {
        if (RiskLimit.UNLIMITED == value)
        {
            map.remove(id);
        }
        else
        {
            map.put(id, value);
        }
        return true;
    }

    /** The tightest of the global, account, firm and symbol values of {@code limit}. */
    public long effective(final int limit, final long account, final long firm, final long symbol)
    {
        long value = global[limit];
        value = Math.min(value, lookup(byAccount[limit], account));
        if (0 != firm)
        {
            value = Math.min(value, lookup(byFirm[limit], firm));
        }
        return Math.min(value, lookup(bySymbol[limit], symbol));
    }

    /** An empty map (the common case: most limits have no overrides) costs no hash probe. */
    private static long lookup(final Long2LongHashMap map, final long id)
    {
        return map.isEmpty() ? RiskLimit.UNLIMITED : map.get(id);
    }

    /** The account's own bound: the tighter of the global and the account value. */
    public long accountBound(final int limit, final long account)
    {
        return Math.min(global[limit], lookup(byAccount[limit], account));
    }

    /** The firm's own bound, {@link RiskLimit#UNLIMITED} when none is set. */
    public long firmBound(final int limit, final long firm)
    {
        return 0 == firm ? RiskLimit.UNLIMITED : lookup(byFirm[limit], firm);
    }

    public long global(final int limit)
    {
        return global[limit];
    }
}
