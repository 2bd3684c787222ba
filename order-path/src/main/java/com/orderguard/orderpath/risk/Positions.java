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
    /**
     * A slot's three values sit side by side ({@code [net, openBuy, openSell, unused]}, 32 bytes), so
     * an order touches one cache line for its slot instead of one line in each of three arrays.
     */
    private static final int STRIDE = 4;
    private static final int NET = 0;
    private static final int OPEN_BUY = 1;
    private static final int OPEN_SELL = 2;

    private final int maxSymbols;
    private final int slots;
    private final long[] state;
    private final long[] grossWorst;

    public Positions(final int maxAccounts, final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        if ((long)maxAccounts * maxSymbols * STRIDE > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("orderpath.maxAccounts x orderpath.maxSymbols is too large for the " +
                "position table: " + maxAccounts + " x " + maxSymbols);
        }
        slots = maxAccounts * maxSymbols;
        state = new long[slots * STRIDE];
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
        return state[slot * STRIDE + NET];
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
        return state[slot * STRIDE + (Side.BUY == side ? OPEN_BUY : OPEN_SELL)];
    }

    /** Worst-case |position| of the slot if {@code extra} more shares on {@code side} were open. */
    public long worstWith(final int slot, final int side, final long extra)
    {
        final int at = slot * STRIDE;
        final long buy = state[at + OPEN_BUY] + (Side.BUY == side ? extra : 0);
        final long sell = state[at + OPEN_SELL] + (Side.SELL == side ? extra : 0);
        return worst(state[at + NET], buy, sell);
    }

    public long worst(final int slot)
    {
        final int at = slot * STRIDE;
        return worst(state[at + NET], state[at + OPEN_BUY], state[at + OPEN_SELL]);
    }

    private static long worst(final long net, final long buy, final long sell)
    {
        return Math.max(Math.abs(net + buy), Math.abs(net - sell));
    }

    public void addOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] state = this.state;
        final int at = slot * STRIDE;
        final long net = state[at + NET];
        final long buy = state[at + OPEN_BUY];
        final long sell = state[at + OPEN_SELL];
        final long before = worst(net, buy, sell);
        if (Side.BUY == side)
        {
            state[at + OPEN_BUY] = buy + quantity;
            grossWorst[accountIndex] += worst(net, buy + quantity, sell) - before;
        }
        else
        {
            state[at + OPEN_SELL] = sell + quantity;
            grossWorst[accountIndex] += worst(net, buy, sell + quantity) - before;
        }
    }

    public void removeOpen(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] state = this.state;
        final int at = slot * STRIDE;
        final long net = state[at + NET];
        final long buy = state[at + OPEN_BUY];
        final long sell = state[at + OPEN_SELL];
        final long before = worst(net, buy, sell);
        if (Side.BUY == side)
        {
            final long newBuy = Math.max(0, buy - quantity);
            state[at + OPEN_BUY] = newBuy;
            grossWorst[accountIndex] += worst(net, newBuy, sell) - before;
        }
        else
        {
            final long newSell = Math.max(0, sell - quantity);
            state[at + OPEN_SELL] = newSell;
            grossWorst[accountIndex] += worst(net, buy, newSell) - before;
        }
    }

    /** A fill: open quantity becomes position. */
    public void fill(final int accountIndex, final int slot, final int side, final long quantity)
    {
        final long[] state = this.state;
        final int at = slot * STRIDE;
        final long net = state[at + NET];
        final long buy = state[at + OPEN_BUY];
        final long sell = state[at + OPEN_SELL];
        final long before = worst(net, buy, sell);
        if (Side.BUY == side)
        {
            final long newBuy = Math.max(0, buy - quantity);
            state[at + OPEN_BUY] = newBuy;
            state[at + NET] = net + quantity;
            grossWorst[accountIndex] += worst(net + quantity, newBuy, sell) - before;
        }
        else
        {
            final long newSell = Math.max(0, sell - quantity);
            state[at + OPEN_SELL] = newSell;
            state[at + NET] = net - quantity;
            grossWorst[accountIndex] += worst(net - quantity, buy, newSell) - before;
        }
    }
}
