package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.protocol.Ascii8;
import org.agrona.collections.Long2LongHashMap;

/**
 * The values of every {@link RiskLimit}: one global value and overrides per account, firm and
 * symbol, keyed by packed id. The effective per-order limit is the tightest of those that apply.
 * Changed only by the order-path thread when it applies a SET_LIMIT command, between orders.
 * Maps are sized up front for every account, firm and symbol the order path can track and are
 * never let grow past that: an override for an id that is not a packed ASCII id, or a new one when
 * the map is full, is refused ({@link #BAD_ARGUMENT}, {@link #FULL}), so no command can make the
 * order-path thread allocate (a rehash) or hold unbounded memory.
 */
public final class ScopedLimits
{
    private final long[] global = new long[RiskLimit.COUNT];
    private final Long2LongHashMap[] byAccount = new Long2LongHashMap[RiskLimit.COUNT];
    private final Long2LongHashMap[] byFirm = new Long2LongHashMap[RiskLimit.COUNT];
    private final Long2LongHashMap[] bySymbol = new Long2LongHashMap[RiskLimit.COUNT];
    private final int maxAccounts;
    private final int maxSymbols;

    /** {@link #set} result: the value is in force. */
    public static final int OK = 0;
    /** {@link #set} result: unknown limit or scope, a value &lt;= 0, an id that is not a packed ASCII id. */
    public static final int BAD_ARGUMENT = 1;
    /** {@link #set} result: a new override where the map already holds one per id it can track. */
    public static final int FULL = 2;

    /** @param maxAccounts overrides per account and per firm scope; @param maxSymbols per symbol scope. */
    public ScopedLimits(final int maxAccounts, final int maxSymbols)
    {
        this.maxAccounts = maxAccounts;
        this.maxSymbols = maxSymbols;
        for (int limit = 0; limit < RiskLimit.COUNT; limit++)
        {
            global[limit] = RiskLimit.UNLIMITED;
            byAccount[limit] = map(maxAccounts);
            byFirm[limit] = map(maxAccounts);
            bySymbol[limit] = map(maxSymbols);
        }
    }

    /** A map that holds {@code entries} without ever resizing (Agrona resizes past capacity x load factor). */
    private static Long2LongHashMap map(final int entries)
    {
        return new Long2LongHashMap((int)Math.min(1 << 30, (long)(entries / 0.65f) + 2), 0.65f, RiskLimit.UNLIMITED);
    }

    /**
     * Sets a limit; {@link RiskLimit#UNLIMITED} removes an override (or lifts the global value).
     *
     * @return {@link #OK}, {@link #BAD_ARGUMENT} or {@link #FULL} (nothing changed).
     */
    public int set(final int limit, final int scope, final long id, final long value)
    {
        if (limit < 0 || limit >= RiskLimit.COUNT || value <= 0)
        {
            return BAD_ARGUMENT;
        }
        if (Scope.GLOBAL == scope)
        {
            global[limit] = value;
            return OK;
        }
        if (!Ascii8.isValid(id))
        {
            return BAD_ARGUMENT;
        }
        switch (scope)
        {
            case Scope.ACCOUNT:
                return put(byAccount[limit], maxAccounts, id, value);
            case Scope.FIRM:
                return put(byFirm[limit], maxAccounts, id, value);
            case Scope.SYMBOL:
                return RiskLimit.CREDIT_LIMIT_CENTS == limit ? BAD_ARGUMENT : put(bySymbol[limit], maxSymbols, id, value);
            default:
                return BAD_ARGUMENT;
        }
    }

    private static int put(final Long2LongHashMap map, final int maxEntries, final long id, final long value)
    {
        if (RiskLimit.UNLIMITED == value)
        {
            map.remove(id);
            return OK;
        }
        if (map.size() >= maxEntries && !map.containsKey(id))
        {
            return FULL;
        }
        map.put(id, value);
        return OK;
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
