package com.orderguard.orderpath.shm;

import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Writes ExecutionReport frames into a ring (the order path's side of a shared-memory producer's
 * report ring, or any in-process ring a benchmark reads). Claim, put in place, commit: no copy,
 * no system call, no allocation. Single producer.
 */
public final class SharedMemoryEgress
{
    private final OneToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final ProducerRoom room;
    private long nextSeq = 1;

    public SharedMemoryEgress(final OneToOneRingBuffer ring)
    {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.room = new ProducerRoom(ring);
    }

    /** Whether {@code reports} more reports fit now. */
    public boolean hasRoom(final int reports)
    {
        return room.hasRoom(reports * 128);
    }

    /** The reader cut its ring file short: from now on nothing is written and every report is refused. */
    public void broken()
    {
        room.broken();
    }

    /** False when the reader is too far behind (the ring is full), or the ring is {@link #broken()}. */
    public boolean report(
        final long clOrdId,
        final long venueOrderId,
        final long quantity,
        final long priceE4,
        final int execType,
        final int reason)
    {
        if (room.isBroken())
        {
            return false;
        }
        final int index = ring.tryClaim(MessageType.EXECUTION_REPORT, ExecutionReportCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer b = buffer;
        b.putInt(index + Frame.LENGTH_OFFSET, ExecutionReportCodec.LENGTH);
        b.putShort(index + Frame.TYPE_OFFSET, (short)MessageType.EXECUTION_REPORT);
        b.putShort(index + Frame.VERSION_OFFSET, (short)Frame.VERSION);
        b.putLong(index + ExecutionReportCodec.CL_ORD_ID_OFFSET, clOrdId);
        b.putLong(index + ExecutionReportCodec.VENUE_ORDER_ID_OFFSET, venueOrderId);
        b.putLong(index + ExecutionReportCodec.FILLED_QTY_OFFSET, quantity);
        b.putLong(index + ExecutionReportCodec.FILL_PRICE_OFFSET, priceE4);
        b.putByte(index + ExecutionReportCodec.EXEC_TYPE_OFFSET, (byte)execType);
        b.putByte(index + ExecutionReportCodec.PADDING_OFFSET, (byte)0);
        b.putShort(index + ExecutionReportCodec.PADDING_OFFSET + 1, (short)0);
        b.putInt(index + ExecutionReportCodec.REJECT_REASON_OFFSET, reason);
        b.putLong(index + ExecutionReportCodec.MSG_SEQ_NUM_OFFSET, nextSeq++);
        ring.commit(index);
        return true;
    }
}
