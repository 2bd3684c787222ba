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
    /** The symbol has no approved route: only configured routes exist. */
    public static final int NO_ROUTE = 5;
    /** The routed venue is not logged on, or cannot take more bytes now. */
    public static final int VENUE_DOWN = 6;
    /** The drop copy could not record the order: fail closed, never route unrecorded. */
    public static final int DROP_COPY_FULL = 7;
    /** Every slot of the open-order table is held by a live order. */
    public static final int OPEN_ORDERS_FULL = 8;
    /** The venue itself rejected the order; its own reason is in the drop copy. */
    public static final int VENUE_REJECTED = 9;

    /** Number of codes; counters are indexed 0..COUNT-1. */
    public static final int COUNT = 10;

    private static final String[] NAMES =
    {
        "NONE", "SEALED", "MALFORMED", "NOT_LOGGED_ON", "MAX_QUANTITY", "NO_ROUTE", "VENUE_DOWN",
        "DROP_COPY_FULL", "OPEN_ORDERS_FULL", "VENUE_REJECTED"
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
