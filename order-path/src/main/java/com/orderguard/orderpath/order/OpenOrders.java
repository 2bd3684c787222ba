package com.orderguard.orderpath.order;

/**
 * Orders routed to a venue and not yet finished (filled or rejected there), so that a venue's
 * report can be turned back into the client's own clOrdId and sent to that client.
 * <p>
 * The appliance gives each routed order its own id, 1, 2, 3..., and that id is the clOrdId the
 * venue sees. The order lives in slot {@code id & mask}: lookup is one array index, nothing is
 * allocated. If that slot still holds a live order (more than {@code capacity} orders in flight,
 * or an order a venue never finished), the new order cannot be tracked and must be rejected.
 * Single writer: the order-path thread.
 */
public final class OpenOrders
{
    public static final int NONE = -1;

    private final int mask;
    private final long[] orderIds;
    private final long[] clOrdIds;
    private final long[] leavesQty;
    private final int[] clientIndexes;
    private final int[] venueIndexes;
    private long nextOrderId = 1;
    private int liveCount;

    /** @param capacity a power of two. */
    public OpenOrders(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        mask = capacity - 1;
        orderIds = new long[capacity];
        clOrdIds = new long[capacity];
        leavesQty = new long[capacity];
        clientIndexes = new int[capacity];
        venueIndexes = new int[capacity];
    }

    /** Whether the next order can be opened: its slot is free. */
    public boolean hasRoomForNext()
    {
        return 0 == orderIds[(int)(nextOrderId & mask)];
    }

    /** The id the next {@link #open} will assign. */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    /**
     * Opens the next order; call only after {@link #hasRoomForNext()} returned true.
     *
     * @return its order id.
     */
    public long open(final int clientIndex, final long clOrdId, final int venueIndex, final long quantity)
    {
        final long orderId = nextOrderId++;
        final int slot = (int)(orderId & mask);
        orderIds[slot] = orderId;
        clOrdIds[slot] = clOrdId;
        leavesQty[slot] = quantity;
        clientIndexes[slot] = clientIndex;
        venueIndexes[slot] = venueIndex;
        liveCount++;
        return orderId;
    }

    /** The slot of live order {@code orderId}, or {@link #NONE}. */
    public int find(final long orderId)
    {
        final int slot = (int)(orderId & mask);
        return orderId > 0 && orderIds[slot] == orderId ? slot : NONE;
    }

    public long orderId(final int slot)
    {
        return orderIds[slot];
    }

    public long clOrdId(final int slot)
    {
        return clOrdIds[slot];
    }

    public int clientIndex(final int slot)
    {
        return clientIndexes[slot];
    }

    public int venueIndex(final int slot)
    {
        return venueIndexes[slot];
    }

    public long leavesQty(final int slot)
    {
        return leavesQty[slot];
    }

    /**
     * Applies a fill of {@code filledQty}.
     *
     * @return the quantity left; the order is closed when it reaches 0.
     */
    public long fill(final int slot, final long filledQty)
    {
        final long leaves = Math.max(0, leavesQty[slot] - filledQty);
        leavesQty[slot] = leaves;
        if (0 == leaves)
        {
            close(slot);
        }
        return leaves;
    }

    public void close(final int slot)
    {
        if (0 != orderIds[slot])
        {
            orderIds[slot] = 0;
            liveCount--;
        }
    }

    /**
     * Forgets every live order at {@code venueIndex}: its session is gone and its orders with it
     * (venues cancel on disconnect). Scans the table; only on a venue disconnect.
     *
     * @return how many were forgotten.
     */
    public int abandonVenue(final int venueIndex)
    {
        int abandoned = 0;
        for (int slot = 0; slot <= mask; slot++)
        {
            if (0 != orderIds[slot] && venueIndexes[slot] == venueIndex)
            {
                close(slot);
                abandoned++;
            }
        }
        return abandoned;
    }

    public int liveCount()
    {
        return liveCount;
    }
}
