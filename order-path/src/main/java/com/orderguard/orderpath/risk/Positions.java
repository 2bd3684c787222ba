package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.protocol.Side;

/**
 * Intraday positions per (account, symbol) slot: net executed shares and the open buy and sell
 * quantity, and per account the gross worst case over all its symbols. The worst case of a slot is
 * what the position would be if every open order on one side filled: max(|net + openBuy|,
 * |net - openSell|). Single writer: the order-path thread.
 */
public final class Positions
{
    private final int maxSymbols;
    private final long[] net;
    private final long[] openBuy;
    private final long[] openSell;
    private final long[] grossWorst;

    public Positions(final int maxAccounts, final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        final long pairs = (long)maxAccounts * maxSymbols;
        if (maxAccounts < 1 || maxSymbols < 1 || pairs > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("positions for " + maxAccounts + " accounts x " + maxSymbols +
                " symbols do not fit one array (OrderPathConfig bounds the product)");
        }
        final int slots = (int)pairs;
        net = new long[slots];
        openBuy = new long[slots];
        openSell = new long[slots];
        grossWorst = new long[maxAccounts];
    }

    public int slot(final int accountIndex, final int symbolIndex)
    {
        return accountIndex * maxSymbols + symbolIndex;
    }

    public int slots()
    {
        return net.length;
    }

    public long net(final int slot)
    {
        return net[slot];
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
        return Side.BUY == side ? openBuy[slot] : openSell[slot];
    }

    /** Worst-case |position| of the slot if {@code extra} more shares on {@code side} were open. */
    public long worstWith(final int slot, final int side, final long extra)
    {
        final long buy = openBuy[slot] + (Side.BUY == side ? extra : 0);
        final long sell = openSell[slot] + (Side.SELL == side ? extra : 0);
        return worst(net[slot], buy, sell);
    }

    public long worst(final int slot)
    {
        return worst(net[slot], openBuy[slot], openSell[slot]);
    }

    private static long worst(final long net, final long buy, final long sell)
    {
        return Math.max(Math.abs(net + buy), Math.abs(net - sell));
    }

    public void addOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long before = worst(slot);
        if (Side.BUY == side)
        {
            openBuy[slot] += quantity;
        }
        else
        {
            openSell[slot] += quantity;
        }
        grossWorst[accountIndex] += worst(slot) - before;
    }

    public void removeOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long before = worst(slot);
        if (Side.BUY == side)
        {
            openBuy[slot] = Math.max(0, openBuy[slot] - quantity);
        }
        else
        {
            openSell[slot] = Math.max(0, openSell[slot] - quantity);
        }
        grossWorst[accountIndex] += worst(slot) - before;
    }

    /** A fill: open quantity becomes position. */
    public void fill(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long before = worst(slot);
        if (Side.BUY == side)
        {
            openBuy[slot] = Math.max(0, openBuy[slot] - quantity);
            net[slot] += quantity;
        }
        else
        {
            openSell[slot] = Math.max(0, openSell[slot] - quantity);
            net[slot] -= quantity;
        }
        grossWorst[accountIndex] += worst(slot) - before;
    }
}
