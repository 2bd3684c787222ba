package com.orderguard.orderpath.shm;

import com.orderguard.orderpath.protocol.CancelCodec;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.ReplaceCodec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.file.Path;

/**
 * A strategy's side of the shared-memory ingress: writes orders into its mapped ring and reads
 * execution reports from the ring back. Each record is one order-entry frame (the TCP protocol's
 * bytes, header included; msgTypeId = its MessageType), so both paths share one decoder. No system
 * call, no allocation per message. One thread per producer (the rings are single-producer).
 * <p>
 * For a benchmark's load generator: {@link #offerNewOrder} stamps nothing itself; put the intended
 * send time in the clOrdId or keep it by clOrdId, and read {@link #pollReports} on the same thread.
 */
public final class SharedMemoryProducer implements AutoCloseable
{
    private final MappedRing orders;
    private final MappedRing reports;
    private final OneToOneRingBuffer out;
    private final OneToOneRingBuffer in;
    private final AtomicBuffer outBuffer;

    private SharedMemoryProducer(final MappedRing orders, final MappedRing reports)
    {
        this.orders = orders;
        this.reports = reports;
        this.out = orders.ring();
        this.in = reports.ring();
        this.outBuffer = out.buffer();
    }

    /** Maps the rings the order path created for {@code clientId} in {@code dir}. */
    public static SharedMemoryProducer open(final Path dir, final String clientId)
    {
        final MappedRing orders = MappedRing.open(SharedMemoryPaths.orders(dir, clientId));
        try
        {
            return new SharedMemoryProducer(orders, MappedRing.open(SharedMemoryPaths.reports(dir, clientId)));
        }
        catch (final RuntimeException ex)
        {
            orders.close();
            throw ex;
        }
    }

    /** False when the ring is full (back pressure: the order path is behind). */
    public boolean offerNewOrder(
        final long clOrdId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4)
    {
        final int index = out.tryClaim(MessageType.NEW_ORDER, NewOrderCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer b = outBuffer;
        header(b, index, NewOrderCodec.LENGTH, MessageType.NEW_ORDER);
        b.putLong(index + NewOrderCodec.CL_ORD_ID_OFFSET, clOrdId);
        b.putLong(index + NewOrderCodec.ACCOUNT_OFFSET, account);
        b.putLong(index + NewOrderCodec.SYMBOL_OFFSET, symbol);
        b.putByte(index + NewOrderCodec.SIDE_OFFSET, (byte)side);
        b.putByte(index + NewOrderCodec.ORD_TYPE_OFFSET, (byte)ordType);
        b.putShort(index + NewOrderCodec.PADDING_OFFSET, (short)0);
        b.putInt(index + NewOrderCodec.MSG_SEQ_NUM_OFFSET, 0);
        b.putLong(index + NewOrderCodec.QUANTITY_OFFSET, quantity);
        b.putLong(index + NewOrderCodec.PRICE_OFFSET, priceE4);
        out.commit(index);
        return true;
    }

    public boolean offerCancel(final long clOrdId, final long origClOrdId)
    {
        final int index = out.tryClaim(MessageType.CANCEL, CancelCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer b = outBuffer;
        header(b, index, CancelCodec.LENGTH, MessageType.CANCEL);
        b.putLong(index + CancelCodec.CL_ORD_ID_OFFSET, clOrdId);
        b.putLong(index + CancelCodec.ORIG_CL_ORD_ID_OFFSET, origClOrdId);
        b.putLong(index + CancelCodec.MSG_SEQ_NUM_OFFSET, 0);
        out.commit(index);
        return true;
    }

    public boolean offerReplace(final long clOrdId, final long origClOrdId, final long quantity, final long priceE4)
    {
        final int index = out.tryClaim(MessageType.REPLACE, ReplaceCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer b = outBuffer;
        header(b, index, ReplaceCodec.LENGTH, MessageType.REPLACE);
        b.putLong(index + ReplaceCodec.CL_ORD_ID_OFFSET, clOrdId);
        b.putLong(index + ReplaceCodec.ORIG_CL_ORD_ID_OFFSET, origClOrdId);
        b.putLong(index + ReplaceCodec.QUANTITY_OFFSET, quantity);
        b.putLong(index + ReplaceCodec.PRICE_OFFSET, priceE4);
        b.putLong(index + ReplaceCodec.MSG_SEQ_NUM_OFFSET, 0);
        out.commit(index);
        return true;
    }

    /** Offers any frame as is (hostile-input tests): {@code length} bytes at {@code offset}, type from its header. */
    public boolean offerRaw(final DirectBuffer frame, final int offset, final int length)
    {
        final int type = length >= Frame.HEADER_LENGTH ? frame.getShort(offset + Frame.TYPE_OFFSET) & 0xFFFF : 0;
        return out.write(Math.max(1, type), frame, offset, length);
    }

    /**
     * Reads execution reports: each message is one ExecutionReport frame (see {@link ExecutionReportCodec}
     * offsets relative to {@code index}).
     */
    public int pollReports(final MessageHandler handler, final int limit)
    {
        return in.read(handler, limit);
    }

    private static void header(final AtomicBuffer b, final int index, final int length, final int type)
    {
        b.putInt(index + Frame.LENGTH_OFFSET, length);
        b.putShort(index + Frame.TYPE_OFFSET, (short)type);
        b.putShort(index + Frame.VERSION_OFFSET, (short)Frame.VERSION);
    }

    public void close()
    {
        orders.close();
        reports.close();
    }
}
