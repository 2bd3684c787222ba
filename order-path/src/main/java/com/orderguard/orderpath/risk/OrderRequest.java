package com.orderguard.orderpath.risk;

/**
 * The order being checked: its decoded fields and what the pipeline resolved for it (account and
 * firm, symbol, venue, reference price, notional). One instance, reused for every order, filled in
 * by the pipeline before the checks run; the checks only read it. Plain fields on purpose: this
 * is the hot path's scratch pad, not an API.
 */
public final class OrderRequest
{
    public int source;
    public long clOrdId;
    public long account;
    public long symbol;
    public int side;
    public int ordType;
    public long quantity;
    public long priceE4;

    public int accountIndex;
    public long firm;
    public int firmIndex;
    public int symbolIndex;
    public int venueIndex;
    public int positionSlot;
    /** The symbol's reference price, 0 when the venue has sent none. */
    public long referencePriceE4;
    /** The price exposure is measured at: the limit price, or the reference price for a market order. */
    public long exposurePriceE4;
    /** quantity x exposurePriceE4, cents (saturating). */
    public long notionalCents;
    /** Open quantity this order adds: its quantity, or for a replace new leaves minus old leaves (may be negative). */
    public long openQtyDelta;
    /** Open notional this order adds, cents: for a replace new minus old (may be negative). */
    public long notionalDeltaCents;
    /** Order slot of the order being replaced, {@code -1} for a new order. */
    public int replacedSlot = -1;
    public long nowNs;
}
