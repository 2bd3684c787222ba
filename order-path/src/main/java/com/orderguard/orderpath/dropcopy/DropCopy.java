package com.orderguard.orderpath.dropcopy;

import com.orderguard.orderpath.OrderEvents;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static com.orderguard.orderpath.OrderEvents.*;

/**
 * Writer side of the drop copy: the order-path thread records every event into a preallocated
 * single-producer, single-consumer ring that one other thread (the audit journal) drains through a
 * {@link DropCopyReader}.
 * <p>
 * Every write is claim, put in place, commit: no copy, no allocation; a {@link RecordWriter} checks
 * the claimed record's bounds once and writes its fields without a check each. A method returns
 * false when the ring had no room; the caller must then not act unrecorded (an order is rejected with
 * DROP_COPY_FULL, a venue report is left unread until there is room).
 * <p>
 * Order events may only use the ring while {@link #reserveBytes()} remain free beyond them, so
 * session and venue lifecycle events, which cannot be refused, still find room when a burst of
 * orders has filled the rest. Only if even the reserve is gone is a lifecycle event lost, and
 * counted (see OrderPathMetrics.dropCopyLost).
 */
public final class DropCopy
{
    private static final long OFFSET_SAMPLE_INTERVAL_NS = 1_000_000_000L;

    private boolean timed;
    private long epochOffsetNs;
    private long nextOffsetSampleNs;
    private long cycleEpochNs;

    private final OneToOneRingBuffer ring;
    private final RecordWriter record;
    private final EpochNanoClock clock;
    private final int reserveBytes;
    private final com.orderguard.orderpath.shm.ProducerRoom room;

    public DropCopy(final OneToOneRingBuffer ring, final EpochNanoClock clock, final int reserveBytes)
    {
        this.ring = ring;
        this.record = new RecordWriter(ring.buffer());
        this.clock = clock;
        this.reserveBytes = reserveBytes;
        this.room = new com.orderguard.orderpath.shm.ProducerRoom(ring);
    }

    public int reserveBytes()
    {
        return reserveBytes;
    }

    /**
     * Whether an order event may be written now without eating into the lifecycle reserve. Reads the
     * journal's position only when the cached one says the ring may be full (see ProducerRoom).
     */
    public boolean hasRoomForOrderEvent()
    {
        return room.hasRoom(reserveBytes + 2 * (ORDER_LENGTH + 8));
    }

    /**
     * Stamps the events written from now until the next call with {@code nowNs} ({@link System#nanoTime()}
     * scale, read once by the caller's duty cycle) on the clock's epoch, instead of reading the clock
     * for every event: a clock read is a vDSO call of 20–40 ns on a VM, and an order writes two events.
     * The offset to the epoch is re-sampled from the clock once a second. Before the first call every
     * event reads the clock. So an event's time is the start of the duty cycle that wrote it.
     */
    public void time(final long nowNs)
    {
        if (!timed || nowNs - nextOffsetSampleNs >= 0)
        {
            epochOffsetNs = clock.nanoTime() - nowNs;
            nextOffsetSampleNs = nowNs + OFFSET_SAMPLE_INTERVAL_NS;
            timed = true;
        }
        cycleEpochNs = nowNs + epochOffsetNs;
    }

    private long epochNs()
    {
        return timed ? cycleEpochNs : clock.nanoTime();
    }

    public boolean intake(final int type, final int reason)
    {
        final int index = ring.tryClaim(type, INTAKE_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, INTAKE_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putInt(INTAKE_REASON_OFFSET, reason);
        w.putInt(INTAKE_REASON_OFFSET + 4, 0);
        ring.commit(index);
        return true;
    }

    /** A SESSION-layout event; the peer is the connection's source address ({@code PeerAddress}), all 0 for none. */
    public boolean session(
        final int type, final int sessionId, final int reason, final long clientId,
        final long peerHigh, final long peerLow, final int peerPort)
    {
        final int index = ring.tryClaim(type, SESSION_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, SESSION_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putInt(SESSION_ID_OFFSET, sessionId);
        w.putInt(SESSION_REASON_OFFSET, reason);
        w.putLong(SESSION_CLIENT_ID_OFFSET, clientId);
        w.putLong(SESSION_PEER_HIGH_OFFSET, peerHigh);
        w.putLong(SESSION_PEER_LOW_OFFSET, peerLow);
        w.putInt(SESSION_PEER_PORT_OFFSET, peerPort);
        w.putInt(SESSION_PEER_PORT_OFFSET + 4, 0);
        ring.commit(index);
        return true;
    }

    public boolean order(
        final int type,
        final long orderId,
        final long clOrdId,
        final long clientId,
        final long account,
        final long symbol,
        final long quantity,
        final long priceE4,
        final long venue,
        final int side,
        final int ordType,
        final int reason)
    {
        final int index = ring.tryClaim(type, ORDER_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, ORDER_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putLong(ORDER_ORDER_ID_OFFSET, orderId);
        w.putLong(ORDER_CL_ORD_ID_OFFSET, clOrdId);
        w.putLong(ORDER_CLIENT_ID_OFFSET, clientId);
        w.putLong(ORDER_ACCOUNT_OFFSET, account);
        w.putLong(ORDER_SYMBOL_OFFSET, symbol);
        w.putLong(ORDER_QUANTITY_OFFSET, quantity);
        w.putLong(ORDER_PRICE_OFFSET, priceE4);
        w.putLong(ORDER_VENUE_OFFSET, venue);
        w.putByte(ORDER_SIDE_OFFSET, (byte)side);
        w.putByte(ORDER_ORD_TYPE_OFFSET, (byte)ordType);
        w.putShort(ORDER_ORD_TYPE_OFFSET + 1, (short)0);
        w.putInt(ORDER_REASON_OFFSET, reason);
        ring.commit(index);
        return true;
    }

    public boolean execution(
        final int type,
        final long orderId,
        final long clOrdId,
        final long clientId,
        final long venueOrderId,
        final long venue,
        final long filledQty,
        final long fillPriceE4,
        final long leavesQty,
        final int venueRejectReason)
    {
        final int index = ring.tryClaim(type, EXEC_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, EXEC_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putLong(EXEC_ORDER_ID_OFFSET, orderId);
        w.putLong(EXEC_CL_ORD_ID_OFFSET, clOrdId);
        w.putLong(EXEC_CLIENT_ID_OFFSET, clientId);
        w.putLong(EXEC_VENUE_ORDER_ID_OFFSET, venueOrderId);
        w.putLong(EXEC_VENUE_OFFSET, venue);
        w.putLong(EXEC_FILLED_QTY_OFFSET, filledQty);
        w.putLong(EXEC_FILL_PRICE_OFFSET, fillPriceE4);
        w.putLong(EXEC_LEAVES_QTY_OFFSET, leavesQty);
        w.putInt(EXEC_VENUE_REASON_OFFSET, venueRejectReason);
        w.putInt(EXEC_VENUE_REASON_OFFSET + 4, 0);
        ring.commit(index);
        return true;
    }

    public boolean venue(final int type, final long venue, final int reason, final int openOrdersAbandoned)
    {
        final int index = ring.tryClaim(type, VENUE_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, VENUE_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putLong(VENUE_VENUE_OFFSET, venue);
        w.putInt(VENUE_REASON_OFFSET, reason);
        w.putInt(VENUE_ABANDONED_OFFSET, openOrdersAbandoned);
        ring.commit(index);
        return true;
    }

    public boolean command(
        final long seq,
        final int commandType,
        final int result,
        final long arg1,
        final long arg2,
        final long arg3,
        final int count)
    {
        final int index = ring.tryClaim(COMMAND_APPLIED, COMMAND_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final RecordWriter w = record.at(index, COMMAND_LENGTH);
        w.putLong(EPOCH_NS_OFFSET, epochNs());
        w.putLong(COMMAND_SEQ_OFFSET, seq);
        w.putInt(COMMAND_TYPE_OFFSET, commandType);
        w.putInt(COMMAND_RESULT_OFFSET, result);
        w.putLong(COMMAND_ARG1_OFFSET, arg1);
        w.putLong(COMMAND_ARG2_OFFSET, arg2);
        w.putLong(COMMAND_ARG3_OFFSET, arg3);
        w.putInt(COMMAND_COUNT_OFFSET, count);
        w.putInt(COMMAND_COUNT_OFFSET + 4, 0);
        ring.commit(index);
        return true;
    }

    /** Ring record size for a payload, for sizing the reserve. */
    public static int recordBytes(final int payloadLength)
    {
        return org.agrona.BitUtil.align(payloadLength + org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH,
            org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT);
    }
}
