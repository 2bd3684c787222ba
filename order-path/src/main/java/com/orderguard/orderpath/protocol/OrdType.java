package com.orderguard.orderpath.protocol;

/** Order type codes on the wire (NewOrder byte 33), as in FIX tag 40. Only limit orders exist now. */
public final class OrdType
{
    public static final int LIMIT = 2;

    private OrdType()
    {
    }

    public static boolean isValid(final int ordType)
    {
        return LIMIT == ordType;
    }

    public static String name(final int ordType)
    {
        return LIMIT == ordType ? "LIMIT" : "UNKNOWN";
    }
}
