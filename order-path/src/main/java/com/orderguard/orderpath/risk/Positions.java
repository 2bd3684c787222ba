package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.protocol.Side;

/**
 * Intraday positions per (account, symbol) slot: net executed shares and the open buy and sell
 * quantity, and per account the gross worst case over all its symbols. The worst case of a slot is
 * what the position would be if every open order on one side filled: max(|net + openBuy|,
 * |net - openSell|). Single writer: the order-path thread.
 * <p>
 * A slot's four numbers (net, open buy, open sell and its worst case, kept up to date rather than
 * recomputed) lie side by side in one array, 32 bytes: an order's checks and bookkeeping touch one
 * or two cache lines of it instead of a line in each of three arrays, and read its worst case
 * instead of recomputing it seven times (the profile had worst() at ~9% of an order). At the
 * largest configuration (16,777,216 slots) that is 512 MB.
 */
public final class Positions
{
    private static final int NET = 0;
    private static final int OPEN_BUY = 1;
    private static final int OPEN_SELL = 2;
    private static final int WORST = 3;
    private static final int STRIDE = 4;

    private final int maxSymbols;
    private final int slots;
    private final long[] bySlot;
    private final long[] grossWorst;

    public Positions(final int maxAccounts, final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        final long pairs = (long)maxAccounts * maxSymbols;
        if (maxAccounts < 1 || maxSymbols < 1 || pairs * STRIDE > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("positions for " + maxAccounts + " accounts x " + maxSymbols +
                " symbols do not fit one array (OrderPathConfig bounds the product)");
        }
        slots = (int)pairs;
        bySlot = new long[slots * STRIDE];
        grossWorst = new long[maxAccounts];
    }

    public int slot(final int accountIndex, final int symbolIndex)
    {
        return accountIndex * maxSymbols + symbolIndex;
    }

    public int slots()
    {
        return slots;
    }

    public long net(final int slot)
    {
        return bySlot[slot * STRIDE + NET];
    }

    public long grossWorst(final int accountIndex)
    {
        return grossWorst[accountIndex];
    }

    /**
     * Open quantity of the slot on {@code side}: the leaves of every live order on that side (plus
     * what a pending replace reserves). Zero means the account has no live order on that side in
     * that symbol: every live order adds its quantity when it opens and removes its leaves only
     * when it closes.
     */
    public long openQty(final int slot, final int side)
    {
        return bySlot[slot * STRIDE + (Side.BUY == side ? OPEN_BUY : OPEN_SELL)];
    }

    /** Worst-case |position| of the slot if {@code extra} more shares on {@code side} were open. */
    public long worstWith(final int slot, final int side, final long extra)
    {
        final long[] p = bySlot;
        final int at = slot * STRIDE;
        final long buy = p[at + OPEN_BUY] + (Side.BUY == side ? extra : 0);
        final long sell = p[at + OPEN_SELL] + (Side.SELL == side ? extra : 0);
        return worst(p[at + NET], buy, sell);
    }

    public long worst(final int slot)
    {
        return bySlot[slot * STRIDE + WORST];
    }

    private static long worst(final long net, final long buy, final long sell)
    {
        return Math.max(Math.abs(net + buy), Math.abs(net - sell));
    }

    public void addOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] p = bySlot;
        final int at = slot * STRIDE;
        if (Side.BUY == side)
        {
            p[at + OPEN_BUY] += quantity;
        }
        else
        {
            p[at + OPEN_SELL] += quantity;
        }
        updateWorst(accountIndex, p, at);
    }

    public void removeOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] p = bySlot;
        final int at = slot * STRIDE;
        final int open = at + (Side.BUY == side ? OPEN_BUY : OPEN_SELL);
        p[open] = Math.max(0, p[open] - quantity);
        updateWorst(accountIndex, p, at);
    }

    /** A fill: open quantity becomes position. */
    public void fill(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] p = bySlot;
        final int at = slot * STRIDE;
        if (Side.BUY == side)
        {
            p[at + OPEN_BUY] = Math.max(0, p[at + OPEN_BUY] - quantity);
            p[at + NET] += quantity;
        }
        else
        {
            p[at + OPEN_SELL] = Math.max(0, p[at + OPEN_SELL] - quantity);
            p[at + NET] -= quantity;
        }
        updateWorst(accountIndex, p, at);
    }

    /** Recomputes the slot's worst case after a change and moves the account's gross by the difference. */
    private void updateWorst(final int accountIndex, final long[] p, final int at)
    {
        final long after = worst(p[at + NET], p[at + OPEN_BUY], p[at + OPEN_SELL]);
        grossWorst[accountIndex] += after - p[at + WORST];
        p[at + WORST] = after;
    }
}
