package com.orderguard.orderpath.protocol;

/**
 * Order type codes on the wire (NewOrder byte 33), as in FIX tag 40. A MARKET order carries
 * priceE4 0; a LIMIT order a positive priceE4.
 */
public final class OrdType
{
    public static final int MARKET = 1;
    public static final int LIMIT = 2;

    private OrdType()
    {
    }

    public static boolean isValid(final int ordType)
    {
        return LIMIT == ordType || MARKET == ordType;
    }

    /** Bit of {@code ordType} in an allowed-order-types mask; 0 for an unknown type. */
    public static int bit(final int ordType)
    {
        return isValid(ordType) ? 1 << ordType : 0;
    }

    public static String name(final int ordType)
    {
        switch (ordType)
        {
            case LIMIT: return "LIMIT";
            case MARKET: return "MARKET";
            default: return "UNKNOWN";
        }
    }

    /** The code for a name, -1 when unknown; configuration only. */
    public static int fromName(final String name)
    {
        switch (name)
        {
            case "LIMIT": return LIMIT;
            case "MARKET": return MARKET;
            default: return -1;
        }
    }
}
