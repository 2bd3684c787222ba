package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * Restricted lists: symbols an account, or every account of a firm, may not trade (e.g. the firm
 * holds inside information). One bit per (account, symbol) and per (firm, symbol).
 */
public final class RestrictedListCheck implements RiskCheck
{
    private final int maxSymbols;
    private final long[] accountBits;
    private final long[] firmBits;

    public RestrictedListCheck(final int maxAccounts, final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        final long bits = (long)maxAccounts * maxSymbols; // OrderPathConfig bounds it far below 2^31
        accountBits = new long[(int)((bits + 63) >>> 6)];
        firmBits = new long[(int)((bits + 63) >>> 6)];
    }

    public void restrictAccount(final int accountIndex, final int symbolIndex, final boolean restricted)
    {
        set(accountBits, accountIndex * maxSymbols + symbolIndex, restricted);
    }

    public void restrictFirm(final int firmIndex, final int symbolIndex, final boolean restricted)
    {
        set(firmBits, firmIndex * maxSymbols + symbolIndex, restricted);
    }

    private static void set(final long[] bits, final int bit, final boolean on)
    {
        if (on)
        {
            bits[bit >>> 6] |= 1L << bit;
        }
        else
        {
            bits[bit >>> 6] &= ~(1L << bit);
        }
    }

    private static boolean get(final long[] bits, final int bit)
    {
        return 0 != (bits[bit >>> 6] & (1L << bit));
    }

    public int check(final OrderRequest order)
    {
        if (get(accountBits, order.accountIndex * maxSymbols + order.symbolIndex) ||
            (order.firmIndex >= 0 && get(firmBits, order.firmIndex * maxSymbols + order.symbolIndex)))
        {
            return RejectReason.RESTRICTED;
        }
        return RejectReason.NONE;
    }
}
