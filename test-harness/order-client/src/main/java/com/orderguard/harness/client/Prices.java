package com.orderguard.harness.client;

import java.math.BigDecimal;

/** Conversions between decimal prices and the wire's priceE4 (1 = 0.0001). */
public final class Prices
{
    private Prices()
    {
    }

    /**
     * "101.25" → 1012500.
     *
     * @throws IllegalArgumentException when the text is not a number with at most four decimals.
     */
    public static long parseE4(final String price)
    {
        try
        {
            return new BigDecimal(price.trim()).movePointRight(4).longValueExact();
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("price must be a decimal with at most 4 places, was " + price, ex);
        }
    }

    /** 1012500 → "101.2500". */
    public static String format(final long priceE4)
    {
        return BigDecimal.valueOf(priceE4, 4).toPlainString();
    }
}
