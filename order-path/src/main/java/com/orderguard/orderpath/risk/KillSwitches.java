package com.orderguard.orderpath.risk;

/**
 * Kill switches: global, per firm, per account. A switched-off scope takes no new orders (its open
 * orders are cancelled by the pipeline when the switch is thrown). Changed only by commands.
 */
public final class KillSwitches
{
    private final boolean[] accounts;
    private final boolean[] firms;
    private boolean global;

    public KillSwitches(final int maxAccounts)
    {
        accounts = new boolean[maxAccounts];
        firms = new boolean[maxAccounts];
    }

    public boolean isKilled(final int accountIndex, final int firmIndex)
    {
        return global || accounts[accountIndex] || (firmIndex >= 0 && firms[firmIndex]);
    }

    public void global(final boolean killed)
    {
        global = killed;
    }

    public void account(final int accountIndex, final boolean killed)
    {
        accounts[accountIndex] = killed;
    }

    public void firm(final int firmIndex, final boolean killed)
    {
        firms[firmIndex] = killed;
    }

    public boolean isGlobal()
    {
        return global;
    }
}
