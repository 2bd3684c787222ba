package com.orderguard.orderpath.risk;

/** What a limit, kill switch or restriction applies to. Codes travel in commands: never renumber. */
public final class Scope
{
    public static final int GLOBAL = 0;
    public static final int ACCOUNT = 1;
    public static final int FIRM = 2;
    public static final int SYMBOL = 3;

    private Scope()
    {
    }

    public static String name(final int scope)
    {
        switch (scope)
        {
            case GLOBAL: return "global";
            case ACCOUNT: return "account";
            case FIRM: return "firm";
            case SYMBOL: return "symbol";
            default: return "UNKNOWN";
        }
    }

    /** The code for a configuration word ("account", "firm", "symbol"), -1 otherwise. */
    public static int fromName(final String name)
    {
        switch (name)
        {
            case "account": return ACCOUNT;
            case "firm": return FIRM;
            case "symbol": return SYMBOL;
            default: return -1;
        }
    }
}
