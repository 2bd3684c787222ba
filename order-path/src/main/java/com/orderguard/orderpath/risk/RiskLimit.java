package com.orderguard.orderpath.risk;

/**
 * The numeric limits, each configurable globally ({@code orderpath.risk.NAME}) and per account,
 * firm and symbol ({@code orderpath.risk.NAME.account.ACC}, {@code .firm.F}, {@code .symbol.S}),
 * and changeable at run time by command. For a per-order limit the tightest configured value wins.
 * Codes index arrays and travel in SET_LIMIT commands: append, never renumber.
 */
public final class RiskLimit
{
    /** Shares per order. */
    public static final int MAX_ORDER_QUANTITY = 0;
    /** Cents per order: quantity x limit price (x reference price for a market order). */
    public static final int MAX_ORDER_NOTIONAL_CENTS = 1;
    /** Basis points a limit price may lie from the reference price. */
    public static final int PRICE_COLLAR_BPS = 2;
    /** Basis points of the symbol's average daily volume a market order may be. */
    public static final int MAX_MARKET_ORDER_ADV_BPS = 3;
    /** Worst-case net shares per account and symbol (position plus open orders on one side). */
    public static final int MAX_POSITION_QTY = 4;
    /** Worst-case gross shares per account over all symbols. */
    public static final int MAX_GROSS_POSITION_QTY = 5;
    /** Open plus executed notional, cents; the global and account values bound each account, a firm value its firm. */
    public static final int CREDIT_LIMIT_CENTS = 6;
    /** Orders above this notional (cents) wait for a second person's release. */
    public static final int HOLD_NOTIONAL_CENTS = 7;

    public static final int COUNT = 8;

    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** 1,000,000.00 in cents: the default large-order hold threshold. */
    public static final long DEFAULT_HOLD_NOTIONAL_CENTS = 100_000_000L;

    private static final String[] NAMES =
    {
        "maxOrderQuantity", "maxOrderNotionalCents", "priceCollarBps", "maxMarketOrderAdvBps", "maxPositionQty",
        "maxGrossPositionQty", "creditLimitCents", "holdNotionalCents"
    };

    private RiskLimit()
    {
    }

    /** The configuration name, e.g. "maxOrderQuantity"; "UNKNOWN" outside 0..COUNT-1. */
    public static String name(final int limit)
    {
        return limit >= 0 && limit < COUNT ? NAMES[limit] : "UNKNOWN";
    }

    /** The code for a configuration name, -1 when unknown. */
    public static int fromName(final String name)
    {
        for (int i = 0; i < COUNT; i++)
        {
            if (NAMES[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
