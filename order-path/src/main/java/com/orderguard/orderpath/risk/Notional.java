package com.orderguard.orderpath.risk;

/** Notional in cents of a quantity at a priceE4, saturating instead of overflowing. Garbage-free. */
public final class Notional
{
    private Notional()
    {
    }

    /** quantity x priceE4 / 100 (E4 to cents), or Long.MAX_VALUE when it does not fit; 0 for non-positive input. */
    public static long cents(final long quantity, final long priceE4)
    {
        if (quantity <= 0 || priceE4 <= 0)
        {
            return 0;
        }
        final long high = Math.multiplyHigh(quantity, priceE4);
        final long low = quantity * priceE4;
        if (0 != high || low < 0)
        {
            return Long.MAX_VALUE;
        }
        return low / 100;
    }

    /** a + b, saturating at Long.MAX_VALUE (both non-negative). */
    public static long add(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
