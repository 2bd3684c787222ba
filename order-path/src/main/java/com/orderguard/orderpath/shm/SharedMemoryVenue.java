package com.orderguard.orderpath.shm;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.ReferencePriceCodec;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.file.Path;

/**
 * The venue's side of a shared-memory venue session (orderpath.venue.NAME.transport=shm): reads the
 * order path's NewOrder, Cancel and Replace frames from {@code venue-NAME.orders} and answers with
 * ExecutionReport and ReferencePrice frames into {@code venue-NAME.reports}. For a venue gateway on
 * the same box, or a benchmark's venue, so that no socket lies anywhere on the path. One thread.
 */
public final class SharedMemoryVenue implements AutoCloseable
{
    private final MappedRing orders;
    private final MappedRing reports;
    private final SharedMemoryEgress egress;
    private final OneToOneRingBuffer reportRing;

    private SharedMemoryVenue(final MappedRing orders, final MappedRing reports)
    {
        this.orders = orders;
        this.reports = reports;
        this.reportRing = reports.ring();
        this.egress = new SharedMemoryEgress(reportRing);
    }

    /** Maps the rings the order path created for venue {@code name} in {@code dir}. */
    public static SharedMemoryVenue open(final Path dir, final String name)
    {
        final MappedRing orders = MappedRing.open(SharedMemoryPaths.venueOrders(dir, name));
        try
        {
            return new SharedMemoryVenue(orders, MappedRing.open(SharedMemoryPaths.venueReports(dir, name)));
        }
        catch (final RuntimeException ex)
        {
            orders.close();
            throw ex;
        }
    }

    /** Reads the order path's frames (msgTypeId = messageType; offsets as in the protocol, from {@code index}). */
    public int pollOrders(final MessageHandler handler, final int limit)
    {
        return orders.ring().read(handler, limit);
    }

    /** As {@link #pollOrders(MessageHandler, int)}, for a handler that can leave a frame to later (ABORT). */
    public int controlledPollOrders(final org.agrona.concurrent.ControlledMessageHandler handler, final int limit)
    {
        return orders.ring().controlledRead(handler, limit);
    }

    /** Whether {@code reports} more reports fit in the report ring now. */
    public boolean hasRoom(final int reports)
    {
        return egress.hasRoom(reports);
    }

    /** Frames waiting to be read. */
    public int pendingOrderBytes()
    {
        return orders.ring().size();
    }

    /** Reports on order {@code orderId} (the appliance's id); false when the report ring is full. */
    public boolean report(
        final long orderId, final long venueOrderId, final int execType, final long quantity, final long priceE4,
        final int reason)
    {
        return egress.report(orderId, venueOrderId, quantity, priceE4, execType, reason);
    }

    public boolean ack(final long orderId, final long venueOrderId)
    {
        return report(orderId, venueOrderId, ExecType.ACK, 0, 0, 0);
    }

    public boolean fill(final long orderId, final long venueOrderId, final long quantity, final long priceE4)
    {
        return report(orderId, venueOrderId, ExecType.FILL, quantity, priceE4, 0);
    }

    /** Publishes a reference price (market data) for a packed symbol. */
    public boolean reference(final long packedSymbol, final long priceE4)
    {
        final int index = reportRing.tryClaim(MessageType.REFERENCE_PRICE, ReferencePriceCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer b = reportRing.buffer();
        b.putInt(index + Frame.LENGTH_OFFSET, ReferencePriceCodec.LENGTH);
        b.putShort(index + Frame.TYPE_OFFSET, (short)MessageType.REFERENCE_PRICE);
        b.putShort(index + Frame.VERSION_OFFSET, (short)Frame.VERSION);
        b.putLong(index + ReferencePriceCodec.SYMBOL_OFFSET, packedSymbol);
        b.putLong(index + ReferencePriceCodec.PRICE_OFFSET, priceE4);
        reportRing.commit(index);
        return true;
    }

    public void close()
    {
        orders.close();
        reports.close();
    }
}
