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
    /**
     * Which scopes of which limit hold at least one override: bit {@code limit * 4 + scope}. Most
     * limits have none; then the per-order lookup of a limit reads this one field and the global
     * value, not the three maps (their sizes, then a hash probe each): ~5% of an order's cost.
     * Kept true by {@link #set}, the only writer of the maps.
     */
    private long overridden;

    /** {@link #set} result: the value is in force. */
    public static final int OK = 0;
    /** {@link #set} result: unknown limit or scope, a value &lt;= 0, an id that is not a packed ASCII id. */
    public static final int BAD_ARGUMENT = 1;
    /** {@link #set} result: a new override where the map already holds one per id it can track. */
    public static final int FULL = 2;

    /** @param maxAccounts overrides per account and per firm scope; @param maxSymbols per symbol scope. */
    public ScopedLimits(final int maxAccounts, final int maxSymbols)
    {
        if (RiskLimit.COUNT > Long.SIZE / 4)
        {
            throw new IllegalStateException(RiskLimit.COUNT + " limits do not fit the override bits");
        }
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
        final Long2LongHashMap map;
        final int maxEntries;
        switch (scope)
        {
            case Scope.ACCOUNT:
                map = byAccount[limit];
                maxEntries = maxAccounts;
                break;
            case Scope.FIRM:
                map = byFirm[limit];
                maxEntries = maxAccounts;
                break;
            case Scope.SYMBOL:
                if (RiskLimit.CREDIT_LIMIT_CENTS == limit)
                {
                    return BAD_ARGUMENT;
                }
                map = bySymbol[limit];
                maxEntries = maxSymbols;
                break;
            default:
                return BAD_ARGUMENT;
        }
        final int result = put(map, maxEntries, id, value);
        final long bit = bit(limit, scope);
        overridden = map.isEmpty() ? overridden & ~bit : overridden | bit;
        return result;
    }

    private static long bit(final int limit, final int scope)
    {
        return 1L << ((limit << 2) + scope);
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
        final long scopes = (overridden >>> (limit << 2)) & 0xF;
        long value = global[limit];
        if (0 == scopes)
        {
            return value;
        }
        if (0 != (scopes & (1L << Scope.ACCOUNT)))
        {
            value = Math.min(value, byAccount[limit].get(account));
        }
        if (0 != firm && 0 != (scopes & (1L << Scope.FIRM)))
        {
            value = Math.min(value, byFirm[limit].get(firm));
        }
        if (0 != (scopes & (1L << Scope.SYMBOL)))
        {
            value = Math.min(value, bySymbol[limit].get(symbol));
        }
        return value;
    }

    /** The account's own bound: the tighter of the global and the account value. */
    public long accountBound(final int limit, final long account)
    {
        return 0 == (overridden & bit(limit, Scope.ACCOUNT)) ? global[limit] :
            Math.min(global[limit], byAccount[limit].get(account));
    }

    /** The firm's own bound, {@link RiskLimit#UNLIMITED} when none is set. */
    public long firmBound(final int limit, final long firm)
    {
        return 0 == firm || 0 == (overridden & bit(limit, Scope.FIRM)) ? RiskLimit.UNLIMITED : byFirm[limit].get(firm);
    }

    public long global(final int limit)
    {
        return global[limit];
    }
}
