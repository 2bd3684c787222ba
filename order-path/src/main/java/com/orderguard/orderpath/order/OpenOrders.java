package com.orderguard.orderpath.order;

import com.orderguard.orderpath.protocol.Side;

import java.util.Arrays;

/**
 * Orders the appliance has accepted and that are not finished: held for approval or routed to a
 * venue and not yet filled, cancelled or rejected there. Everything the order path needs to turn a
 * venue report back into the client's clOrdId, to release credit and position, to find an
 * account's resting orders for self-match prevention, and to cancel on disconnect, kill or halt.
 * <p>
 * The appliance gives each order its own id, and that id is the clOrdId the venue sees: {@code
 * sequence << slotBits | slot}, the sequence counting orders from 1 since the order path started.
 * A new order takes any free slot (a free list), so one order resting for days blocks nothing but
 * its own slot; lookup is still one array index ({@code id & mask}) plus a compare of the whole id,
 * so a stale id (an order long finished whose slot now holds another) never matches. Ids increase
 * with time and stay below 2^53 (they travel as JSON numbers) for 2^(53 - slotBits) orders a start.
 * With every slot taken the table is full: {@link #hasRoomForNext()} says so and the caller rejects
 * the order; nothing is ever overwritten.
 * <p>
 * The live orders are also kept densely ({@link #liveSlot(int)}), so a sweep over them (cancel on
 * disconnect, kill, halt, a venue lost) costs the live orders, not the capacity. The live orders of
 * one (account, symbol) pair are linked through their slots, one list per side, so self-match
 * prevention walks only that account's orders in that symbol on the other side. Single writer: the
 * order-path thread.
 */
public final class OpenOrders
{
    public static final int NONE = -1;

    public static final int HELD = 1;
    public static final int ROUTED = 2;

    private final int mask;
    private final int slotBits;
    private final int[] freeSlots;
    private final int[] liveSlots;
    private final int[] livePositions;
    private int freeCount;
    private final long[] orderIds;
    private final long[] clOrdIds;
    private final int[] sources;
    private final int[] venueIndexes;
    private final int[] accountIndexes;
    private final int[] symbolIndexes;
    private final int[] positionSlots;
    private final byte[] sides;
    private final byte[] ordTypes;
    private final byte[] states;
    private final boolean[] pendingCancel;
    private final boolean[] pendingReplace;
    private final long[] quantities;
    private final long[] leavesQty;
    private final long[] pricesE4;
    private final long[] exposurePricesE4;
    private final long[] deadlinesNs;
    private final int[] sweepReasons;
    private final long[] pendingClOrdIds;
    private final long[] pendingQuantities;
    private final long[] pendingPricesE4;
    private final long[] pendingReservedCents;
    private final long[] pendingReservedQty;
    private final int[] next;
    private final int[] prev;
    private final int[] headByPositionSide;
    private long nextSequence = 1;
    private int liveCount;

    /**
     * @param capacity  a power of two.
     * @param positions number of (account, symbol) position slots.
     */
    public OpenOrders(final int capacity, final int positions)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        mask = capacity - 1;
        slotBits = Integer.numberOfTrailingZeros(capacity);
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i; // slot 0 is taken first
        }
        freeCount = capacity;
        liveSlots = new int[capacity];
        livePositions = new int[capacity];
        orderIds = new long[capacity];
        clOrdIds = new long[capacity];
        sources = new int[capacity];
        venueIndexes = new int[capacity];
        accountIndexes = new int[capacity];
        symbolIndexes = new int[capacity];
        positionSlots = new int[capacity];
        sides = new byte[capacity];
        ordTypes = new byte[capacity];
        states = new byte[capacity];
        pendingCancel = new boolean[capacity];
        pendingReplace = new boolean[capacity];
        quantities = new long[capacity];
        leavesQty = new long[capacity];
        pricesE4 = new long[capacity];
        exposurePricesE4 = new long[capacity];
        deadlinesNs = new long[capacity];
        sweepReasons = new int[capacity];
        pendingClOrdIds = new long[capacity];
        pendingQuantities = new long[capacity];
        pendingPricesE4 = new long[capacity];
        pendingReservedCents = new long[capacity];
        pendingReservedQty = new long[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        headByPositionSide = new int[positions * 2];
        Arrays.fill(headByPositionSide, NONE);
    }

    /** Whether the next order can be opened: a slot is free. */
    public boolean hasRoomForNext()
    {
        return freeCount > 0;
    }

    /** The id the next {@link #open} will assign; only after {@link #hasRoomForNext()} said true. */
    public long nextOrderId()
    {
        return (nextSequence << slotBits) | freeSlots[freeCount - 1];
    }

    /** The slot the next {@link #open} will use; only after {@link #hasRoomForNext()} said true. */
    public int nextSlot()
    {
        return freeSlots[freeCount - 1];
    }

    /**
     * Opens the next order; call only after {@link #hasRoomForNext()} returned true.
     *
     * @return its slot.
     */
    public int open(
        final int state,
        final int source,
        final long clOrdId,
        final int venueIndex,
        final int accountIndex,
        final int symbolIndex,
        final int positionSlot,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4,
        final long exposurePriceE4)
    {
        final int slot = freeSlots[--freeCount];
        final long orderId = (nextSequence++ << slotBits) | slot;
        orderIds[slot] = orderId;
        clOrdIds[slot] = clOrdId;
        sources[slot] = source;
        venueIndexes[slot] = venueIndex;
        accountIndexes[slot] = accountIndex;
        symbolIndexes[slot] = symbolIndex;
        positionSlots[slot] = positionSlot;
        sides[slot] = (byte)side;
        ordTypes[slot] = (byte)ordType;
        states[slot] = (byte)state;
        pendingCancel[slot] = false;
        pendingReplace[slot] = false;
        quantities[slot] = quantity;
        leavesQty[slot] = quantity;
        pricesE4[slot] = priceE4;
        exposurePricesE4[slot] = exposurePriceE4;
        deadlinesNs[slot] = 0;
        sweepReasons[slot] = 0;
        final int list = list(positionSlot, side);
        final int head = headByPositionSide[list];
        next[slot] = head;
        prev[slot] = NONE;
        if (NONE != head)
        {
            prev[head] = slot;
        }
        headByPositionSide[list] = slot;
        liveSlots[liveCount] = slot;
        livePositions[slot] = liveCount;
        liveCount++;
        return slot;
    }

    /** The slot of live order {@code orderId}, or {@link #NONE}. */
    public int find(final long orderId)
    {
        final int slot = (int)(orderId & mask);
        return orderId > 0 && orderIds[slot] == orderId ? slot : NONE;
    }

    public boolean isLive(final int slot)
    {
        return 0 != orderIds[slot];
    }

    /**
     * The slot of the {@code i}th live order, {@code 0 <= i < liveCount()}, in no particular order.
     * Closing an order moves the last one into its place: walk from the end to visit each exactly
     * once while closing some.
     */
    public int liveSlot(final int i)
    {
        return liveSlots[i];
    }

    public int capacity()
    {
        return mask + 1;
    }

    /** First live order on {@code side} of a position slot, then {@link #nextInPosition}; {@link #NONE} at the end. */
    public int firstInPosition(final int positionSlot, final int side)
    {
        return headByPositionSide[list(positionSlot, side)];
    }

    private static int list(final int positionSlot, final int side)
    {
        return (positionSlot << 1) + (Side.BUY == side ? 0 : 1);
    }

    public int nextInPosition(final int slot)
    {
        return next[slot];
    }

    public long orderId(final int slot)
    {
        return orderIds[slot];
    }

    public long clOrdId(final int slot)
    {
        return clOrdIds[slot];
    }

    public void clOrdId(final int slot, final long clOrdId)
    {
        clOrdIds[slot] = clOrdId;
    }

    public int source(final int slot)
    {
        return sources[slot];
    }

    public int venueIndex(final int slot)
    {
        return venueIndexes[slot];
    }

    public void venueIndex(final int slot, final int venueIndex)
    {
        venueIndexes[slot] = venueIndex;
    }

    public int accountIndex(final int slot)
    {
        return accountIndexes[slot];
    }

    public int symbolIndex(final int slot)
    {
        return symbolIndexes[slot];
    }

    public int positionSlot(final int slot)
    {
        return positionSlots[slot];
    }

    public int side(final int slot)
    {
        return sides[slot];
    }

    public int ordType(final int slot)
    {
        return ordTypes[slot];
    }

    public int state(final int slot)
    {
        return states[slot];
    }

    public void state(final int slot, final int state)
    {
        states[slot] = (byte)state;
    }

    public long quantity(final int slot)
    {
        return quantities[slot];
    }

    public long leavesQty(final int slot)
    {
        return leavesQty[slot];
    }

    public long priceE4(final int slot)
    {
        return pricesE4[slot];
    }

    /** The price credit is reserved at: the limit price, or the reference price for a market order. */
    public long exposurePriceE4(final int slot)
    {
        return exposurePricesE4[slot];
    }

    public long deadlineNs(final int slot)
    {
        return deadlinesNs[slot];
    }

    public void deadlineNs(final int slot, final long deadlineNs)
    {
        deadlinesNs[slot] = deadlineNs;
    }

    /** Why a sweep (halt, kill, cancel on disconnect) still has to cancel this order; 0 when none does. */
    public int sweepReason(final int slot)
    {
        return sweepReasons[slot];
    }

    public void sweepReason(final int slot, final int why)
    {
        sweepReasons[slot] = why;
    }

    public boolean isPendingCancel(final int slot)
    {
        return pendingCancel[slot];
    }

    public void pendingCancel(final int slot, final boolean pending)
    {
        pendingCancel[slot] = pending;
    }

    public boolean isPendingReplace(final int slot)
    {
        return pendingReplace[slot];
    }

    /** Records a replace sent to the venue; it takes effect on the venue's REPLACED report. */
    public void pendingReplace(
        final int slot,
        final long clOrdId,
        final long quantity,
        final long priceE4,
        final long reservedCents,
        final long reservedQty)
    {
        pendingReplace[slot] = true;
        pendingClOrdIds[slot] = clOrdId;
        pendingQuantities[slot] = quantity;
        pendingPricesE4[slot] = priceE4;
        pendingReservedCents[slot] = reservedCents;
        pendingReservedQty[slot] = reservedQty;
    }

    /** Extra notional reserved while a replace that raises exposure is pending. */
    public long pendingReservedCents(final int slot)
    {
        return pendingReservedCents[slot];
    }

    /** Extra open quantity reserved while a replace that raises it is pending. */
    public long pendingReservedQty(final int slot)
    {
        return pendingReservedQty[slot];
    }

    public void clearPendingReplace(final int slot)
    {
        pendingReplace[slot] = false;
    }

    public long pendingClOrdId(final int slot)
    {
        return pendingClOrdIds[slot];
    }

    public long pendingQuantity(final int slot)
    {
        return pendingQuantities[slot];
    }

    public long pendingPriceE4(final int slot)
    {
        return pendingPricesE4[slot];
    }

    /** Applies a replace: new total quantity and price; leaves shrink by what was filled. */
    public void replace(final int slot, final long quantity, final long priceE4)
    {
        final long filled = quantities[slot] - leavesQty[slot];
        quantities[slot] = quantity;
        leavesQty[slot] = Math.max(0, quantity - filled);
        pricesE4[slot] = priceE4;
        exposurePricesE4[slot] = priceE4;
        pendingReplace[slot] = false;
    }

    /**
     * Applies a fill of {@code filledQty}.
     *
     * @return the quantity left (the caller closes the order at 0).
     */
    public long fill(final int slot, final long filledQty)
    {
        final long leaves = Math.max(0, leavesQty[slot] - filledQty);
        leavesQty[slot] = leaves;
        return leaves;
    }

    public void close(final int slot)
    {
        if (0 != orderIds[slot])
        {
            orderIds[slot] = 0;
            final int p = prev[slot];
            final int n = next[slot];
            if (NONE != p)
            {
                next[p] = n;
            }
            else
            {
                headByPositionSide[list(positionSlots[slot], sides[slot])] = n;
            }
            if (NONE != n)
            {
                prev[n] = p;
            }
            final int at = livePositions[slot];
            final int last = liveSlots[--liveCount];
            liveSlots[at] = last;
            livePositions[last] = at;
            freeSlots[freeCount++] = slot;
        }
    }

    public int liveCount()
    {
        return liveCount;
    }
}
