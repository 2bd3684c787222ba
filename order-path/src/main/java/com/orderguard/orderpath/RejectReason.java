package com.orderguard.orderpath;

/**
 * Why the order path refused an order: the int carried in an ExecutionReport of type REJECT
 * (bytes 44..47), in ORDER_REJECTED drop-copy events, and the index of the per-reason reject
 * counters in {@link OrderPathMetrics}. Codes are part of the wire protocol: append, never renumber.
 * Rejecting is an int code, never an exception, so the reject path is as garbage-free as the
 * accept path.
 */
public final class RejectReason
{
    /** Not a reject: the value carried by ACK and FILL reports. */
    public static final int NONE = 0;
    /** Intake is sealed: no order leaves the appliance until an open command is applied. */
    public static final int SEALED = 1;
    /** The frame or one of its fields is invalid (bad length, zero or negative quantity/price, non-ASCII id, bad side/type). */
    public static final int MALFORMED = 2;
    /** A NewOrder arrived on a session that has not logged on. */
    public static final int NOT_LOGGED_ON = 3;
    /** quantity &gt; orderpath.risk.maxOrderQuantity. */
    public static final int MAX_QUANTITY = 4;
    /** The symbol has no approved route: only approved routes exist (an alert goes to the drop copy too). */
    public static final int NO_ROUTE = 5;
    /** The routed venue is not logged on, or cannot take more bytes now. */
    public static final int VENUE_DOWN = 6;
    /** The drop copy could not record the order: fail closed, never route unrecorded. */
    public static final int DROP_COPY_FULL = 7;
    /** Every slot of the open-order table is held by a live order. */
    public static final int OPEN_ORDERS_FULL = 8;
    /** The venue itself rejected the order; its own reason is in the drop copy. */
    public static final int VENUE_REJECTED = 9;

    /** notional (quantity x price, or x reference price for a market order) &gt; maxOrderNotionalCents. */
    public static final int MAX_NOTIONAL = 10;
    /** A limit price further from the reference price than priceCollarBps. */
    public static final int PRICE_COLLAR = 11;
    /** A price check needs a reference price and the venue has sent none for the symbol. */
    public static final int NO_REFERENCE_PRICE = 12;
    /** A market order above maxMarketOrderAdvBps of the symbol's average daily volume, or no ADV known. */
    public static final int MARKET_ORDER_ADV = 13;
    /** The account's open plus executed notional would pass its credit limit. */
    public static final int ACCOUNT_CREDIT_LIMIT = 14;
    /** The firm's open plus executed notional would pass its credit limit. */
    public static final int FIRM_CREDIT_LIMIT = 15;
    /** The account's worst-case position in the symbol would pass maxPositionQty. */
    public static final int POSITION_LIMIT = 16;
    /** The account's worst-case gross position over all symbols would pass maxGrossPositionQty. */
    public static final int GROSS_POSITION_LIMIT = 17;
    /** The symbol is on the account's or the firm's restricted list. */
    public static final int RESTRICTED = 18;
    /** The symbol is halted. */
    public static final int SYMBOL_HALTED = 19;
    /** A kill switch (account, firm or global) is on. */
    public static final int KILL_SWITCH = 20;
    /** The client already used this clOrdId. */
    public static final int DUPLICATE_CL_ORD_ID = 21;
    /** The session sent faster than its message throttle allows. */
    public static final int THROTTLED = 22;
    /** The same order (account, symbol, side, quantity, price) was repeated too often within the window. */
    public static final int REPEATED_ORDER = 23;
    /** The order would trade against a resting order of the same account. */
    public static final int SELF_MATCH = 24;
    /** The order type is not allowed for the account, firm or symbol. */
    public static final int ORD_TYPE_NOT_ALLOWED = 25;
    /** The symbol's venue is not allowed for the account or firm. */
    public static final int VENUE_NOT_ALLOWED = 26;
    /** The account is not configured (orderpath.account.ACC.firm) or the account table is full. */
    public static final int UNKNOWN_ACCOUNT = 27;
    /** Trading is halted for everything (halt-all); a resume command lifts it. */
    public static final int TRADING_HALTED = 28;
    /** A held large order was refused by the second person. */
    public static final int HOLD_REJECTED = 29;
    /** A held large order was not released within orderpath.hold.timeoutMs. */
    public static final int HOLD_TIMEOUT = 30;
    /** The held-order table is full. */
    public static final int HOLD_FULL = 31;
    /** A cancel or replace names no open order of this client (or the order is held, not routed). */
    public static final int UNKNOWN_ORDER = 32;
    /** A cancel or replace for an order that already has a cancel or replace pending. */
    public static final int PENDING_CHANGE = 33;
    /** The message's sequence number is not the next expected: a gap or a repeat. */
    public static final int SEQUENCE_GAP = 34;

    /** Number of codes; counters are indexed 0..COUNT-1. */
    public static final int COUNT = 35;

    private static final String[] NAMES =
    {
        "NONE", "SEALED", "MALFORMED", "NOT_LOGGED_ON", "MAX_QUANTITY", "NO_ROUTE", "VENUE_DOWN",
        "DROP_COPY_FULL", "OPEN_ORDERS_FULL", "VENUE_REJECTED", "MAX_NOTIONAL", "PRICE_COLLAR",
        "NO_REFERENCE_PRICE", "MARKET_ORDER_ADV", "ACCOUNT_CREDIT_LIMIT", "FIRM_CREDIT_LIMIT", "POSITION_LIMIT",
        "GROSS_POSITION_LIMIT", "RESTRICTED", "SYMBOL_HALTED", "KILL_SWITCH", "DUPLICATE_CL_ORD_ID", "THROTTLED",
        "REPEATED_ORDER", "SELF_MATCH", "ORD_TYPE_NOT_ALLOWED", "VENUE_NOT_ALLOWED", "UNKNOWN_ACCOUNT",
        "TRADING_HALTED", "HOLD_REJECTED", "HOLD_TIMEOUT", "HOLD_FULL", "UNKNOWN_ORDER", "PENDING_CHANGE",
        "SEQUENCE_GAP"
    };

    private RejectReason()
    {
    }

    /** The constant's name, or "UNKNOWN" for a code outside 0..COUNT-1. No allocation. */
    public static String name(final int reason)
    {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : "UNKNOWN";
    }
}
