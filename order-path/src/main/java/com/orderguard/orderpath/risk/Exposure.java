package com.orderguard.orderpath.risk;

/**
 * Credit used per account and per firm: the notional of open orders plus the notional executed
 * today, in cents. Open notional is reserved when an order is accepted (held or routed), moved to
 * executed by fills at the fill price, and released when the rest of the order is cancelled,
 * rejected or abandoned. Single writer: the order-path thread; all arithmetic saturates.
 */
public final class Exposure
{
    private final long[] accountOpen;
    private final long[] accountExecuted;
    private final long[] firmOpen;
    private final long[] firmExecuted;

    public Exposure(final int maxAccounts)
    {
        accountOpen = new long[maxAccounts];
        accountExecuted = new long[maxAccounts];
        firmOpen = new long[maxAccounts];
        firmExecuted = new long[maxAccounts];
    }

    public long accountUsed(final int accountIndex)
    {
        return Notional.add(accountOpen[accountIndex], accountExecuted[accountIndex]);
    }

    public long firmUsed(final int firmIndex)
    {
        return firmIndex < 0 ? 0 : Notional.add(firmOpen[firmIndex], firmExecuted[firmIndex]);
    }

    public void reserve(final int accountIndex, final int firmIndex, final long cents)
    {
        accountOpen[accountIndex] = Notional.add(accountOpen[accountIndex], cents);
        if (firmIndex >= 0)
        {
            firmOpen[firmIndex] = Notional.add(firmOpen[firmIndex], cents);
        }
    }

    public void release(final int accountIndex, final int firmIndex, final long cents)
    {
        accountOpen[accountIndex] = Math.max(0, accountOpen[accountIndex] - cents);
        if (firmIndex >= 0)
        {
            firmOpen[firmIndex] = Math.max(0, firmOpen[firmIndex] - cents);
        }
    }

    /** A fill: the reserved notional is released and the executed notional added. */
    public void execute(final int accountIndex, final int firmIndex, final long reservedCents, final long executedCents)
    {
        release(accountIndex, firmIndex, reservedCents);
        accountExecuted[accountIndex] = Notional.add(accountExecuted[accountIndex], executedCents);
        if (firmIndex >= 0)
        {
            firmExecuted[firmIndex] = Notional.add(firmExecuted[firmIndex], executedCents);
        }
    }
}
