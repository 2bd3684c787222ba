package com.orderguard.orderpath.risk;

import org.agrona.collections.Long2LongHashMap;

/**
 * Accounts and the firms they belong to, as dense indexes for the per-account arrays of the risk
 * state. When accounts are configured the set is closed: an unknown account resolves to
 * {@link #NONE}. When none are configured (a skeleton configuration) an account gets the next
 * free index on first use, firm-less, until {@code maxAccounts} are in use. Single writer.
 */
public final class Accounts
{
    public static final int NONE = -1;

    private final Long2LongHashMap indexByAccount;
    private final Long2LongHashMap indexByFirm;
    private final long[] accounts;
    private final int[] firmIndexes;
    private final long[] firms;
    private final boolean closed;
    private int accountCount;
    private int firmCount;

    public Accounts(final int maxAccounts, final boolean closed)
    {
        indexByAccount = new Long2LongHashMap(maxAccounts * 2, 0.65f, NONE);
        indexByFirm = new Long2LongHashMap(maxAccounts * 2, 0.65f, NONE);
        accounts = new long[maxAccounts];
        firmIndexes = new int[maxAccounts];
        firms = new long[maxAccounts];
        this.closed = closed;
    }

    /** Set-up: adds an account of a firm (0 = none). */
    public int add(final long account, final long firm)
    {
        final int existing = (int)indexByAccount.get(account);
        if (NONE != existing)
        {
            return existing;
        }
        if (accountCount == accounts.length)
        {
            throw new IllegalStateException("more than " + accounts.length + " accounts");
        }
        final int index = accountCount++;
        accounts[index] = account;
        firmIndexes[index] = 0 == firm ? NONE : firmIndexOrAdd(firm);
        indexByAccount.put(account, index);
        return index;
    }

    private int firmIndexOrAdd(final long firm)
    {
        final int existing = (int)indexByFirm.get(firm);
        if (NONE != existing)
        {
            return existing;
        }
        final int index = firmCount++;
        firms[index] = firm;
        indexByFirm.put(firm, index);
        return index;
    }

    /** The account's index; in an open set a new account is added; {@link #NONE} when unknown or full. */
    public int resolve(final long account)
    {
        final int index = (int)indexByAccount.get(account);
        if (NONE != index || closed || accountCount == accounts.length)
        {
            return index;
        }
        return add(account, 0);
    }

    /** The index of a known account, without adding; {@link #NONE} otherwise. */
    public int indexOf(final long account)
    {
        return (int)indexByAccount.get(account);
    }

    /** The index of a known firm, {@link #NONE} otherwise. */
    public int firmIndexOf(final long firm)
    {
        return (int)indexByFirm.get(firm);
    }

    public int firmIndex(final int accountIndex)
    {
        return firmIndexes[accountIndex];
    }

    /** Packed firm id of an account, 0 when firm-less. */
    public long firm(final int accountIndex)
    {
        final int firmIndex = firmIndexes[accountIndex];
        return NONE == firmIndex ? 0 : firms[firmIndex];
    }

    public long account(final int accountIndex)
    {
        return accounts[accountIndex];
    }

    public int accountCount()
    {
        return accountCount;
    }

    public int firmCount()
    {
        return firmCount;
    }

    public int maxAccounts()
    {
        return accounts.length;
    }

    public boolean isClosed()
    {
        return closed;
    }
}
