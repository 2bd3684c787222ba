package com.orderguard.orderpath.protocol;

/** Side codes on the wire (NewOrder byte 32), as in FIX tag 54. */
public final class Side
{
    public static final int BUY = 1;
    public static final int SELL = 2;

    private Side()
    {
    }

    public static boolean isValid(final int side)
    {
        return BUY == side || SELL == side;
    }

    public static String name(final int side)
    {
        switch (side)
        {
            case BUY: return "BUY";
            case SELL: return "SELL";
            default: return "UNKNOWN";
        }
    }
}
