package com.orderguard.orderpath.shm;

import com.orderguard.orderpath.OrderPipeline;
import com.orderguard.orderpath.protocol.CancelCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.ReplaceCodec;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A venue side that is a ring: every order, cancel and replace the pipeline routes is encoded as
 * its wire frame into a ring (one per venue index), in place. For benchmarks and tests of the
 * shared-memory path end to end without a socket anywhere (a mapped ring to a venue gateway
 * process, or an in-process ring a load generator drains). Single producer: the pipeline's thread.
 */
public final class RingVenueEgress implements OrderPipeline.VenueEgress
{
    private final OneToOneRingBuffer[] rings;
    private final ProducerRoom[] rooms;
    private final int[] nextSeq;

    public RingVenueEgress(final OneToOneRingBuffer... ringsByVenueIndex)
    {
        rings = ringsByVenueIndex.clone();
        rooms = new ProducerRoom[rings.length];
        for (int i = 0; i < rings.length; i++)
        {
            rooms[i] = new ProducerRoom(rings[i]);
        }
        nextSeq = new int[rings.length];
    }

    /** Whether the ring has room; the venue's read position is read only when the cached one says full. */
    public boolean isBroken(final int venueIndex)
    {
        return rooms[venueIndex].isBroken();
    }

    /** The venue cut the ring's file short: never write it again (canSend says no from now on). */
    public void broken(final int venueIndex)
    {
        rooms[venueIndex].broken();
    }

    public boolean canSend(final int venueIndex, final int bytes)
    {
        return rooms[venueIndex].hasRoom(bytes + 64);
    }

    public void newOrder(
        final int venueIndex,
        final long orderId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4)
    {
        final OneToOneRingBuffer ring = rings[venueIndex];
        final int index = ring.tryClaim(MessageType.NEW_ORDER, NewOrderCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return; // canSend was asked first; a reader cannot shrink the free space
        }
        final AtomicBuffer b = ring.buffer();
        header(b, index, NewOrderCodec.LENGTH, MessageType.NEW_ORDER);
        b.putLong(index + NewOrderCodec.CL_ORD_ID_OFFSET, orderId);
        b.putLong(index + NewOrderCodec.ACCOUNT_OFFSET, account);
        b.putLong(index + NewOrderCodec.SYMBOL_OFFSET, symbol);
        b.putByte(index + NewOrderCodec.SIDE_OFFSET, (byte)side);
        b.putByte(index + NewOrderCodec.ORD_TYPE_OFFSET, (byte)ordType);
        b.putShort(index + NewOrderCodec.PADDING_OFFSET, (short)0);
        b.putInt(index + NewOrderCodec.MSG_SEQ_NUM_OFFSET, ++nextSeq[venueIndex]);
        b.putLong(index + NewOrderCodec.QUANTITY_OFFSET, quantity);
        b.putLong(index + NewOrderCodec.PRICE_OFFSET, priceE4);
        ring.commit(index);
    }

    public void cancel(final int venueIndex, final long orderId)
    {
        final OneToOneRingBuffer ring = rings[venueIndex];
        final int index = ring.tryClaim(MessageType.CANCEL, CancelCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return;
        }
        final AtomicBuffer b = ring.buffer();
        header(b, index, CancelCodec.LENGTH, MessageType.CANCEL);
        b.putLong(index + CancelCodec.CL_ORD_ID_OFFSET, orderId);
        b.putLong(index + CancelCodec.ORIG_CL_ORD_ID_OFFSET, orderId);
        b.putInt(index + CancelCodec.MSG_SEQ_NUM_OFFSET, ++nextSeq[venueIndex]);
        b.putInt(index + CancelCodec.PADDING_OFFSET, 0);
        ring.commit(index);
    }

    public void replace(final int venueIndex, final long orderId, final long quantity, final long priceE4)
    {
        final OneToOneRingBuffer ring = rings[venueIndex];
        final int index = ring.tryClaim(MessageType.REPLACE, ReplaceCodec.LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return;
        }
        final AtomicBuffer b = ring.buffer();
        header(b, index, ReplaceCodec.LENGTH, MessageType.REPLACE);
        b.putLong(index + ReplaceCodec.CL_ORD_ID_OFFSET, orderId);
        b.putLong(index + ReplaceCodec.ORIG_CL_ORD_ID_OFFSET, orderId);
        b.putLong(index + ReplaceCodec.QUANTITY_OFFSET, quantity);
        b.putLong(index + ReplaceCodec.PRICE_OFFSET, priceE4);
        b.putInt(index + ReplaceCodec.MSG_SEQ_NUM_OFFSET, ++nextSeq[venueIndex]);
        b.putInt(index + ReplaceCodec.PADDING_OFFSET, 0);
        ring.commit(index);
    }

    private static void header(final AtomicBuffer b, final int index, final int length, final int type)
    {
        b.putInt(index + Frame.LENGTH_OFFSET, length);
        b.putShort(index + Frame.TYPE_OFFSET, (short)type);
        b.putShort(index + Frame.VERSION_OFFSET, (short)Frame.VERSION);
    }
}
