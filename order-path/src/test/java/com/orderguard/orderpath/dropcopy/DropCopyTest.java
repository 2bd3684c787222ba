package com.orderguard.orderpath.dropcopy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import static com.orderguard.orderpath.OrderEvents.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The drop copy's records carry every field at its documented offset, written once-checked
 * ({@link RecordWriter}) into off-heap and heap rings alike, across the ring's wrap.
 */
class DropCopyTest
{
    private static final int RING_BYTES = 4096;

    @Test
    void shouldWriteEveryOrderExecutionAndSessionFieldAtItsOffsetInADirectRing()
    {
        writeAndReadBack(new UnsafeBuffer(ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Test
    void shouldWriteEveryOrderExecutionAndSessionFieldAtItsOffsetInAHeapRing()
    {
        writeAndReadBack(new UnsafeBuffer(new byte[RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH]));
    }

    @Test
    void shouldRefuseARecordExtentOutsideTheBuffer()
    {
        final RecordWriter writer = new RecordWriter(new UnsafeBuffer(new byte[128]));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.at(64, 80));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.at(-8, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.at(Integer.MAX_VALUE - 8, 80));
        writer.at(48, 80); // exactly to the end passes
    }

    private static void writeAndReadBack(final UnsafeBuffer buffer)
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(buffer);
        final DropCopy dropCopy = new DropCopy(ring, () -> 0L, 0);
        final SplittableRandom random = new SplittableRandom(7);
        // more than the ring holds in total, drained as it goes: records land everywhere, wrap included
        for (int i = 0; i < 1_000; i++)
        {
            final long[] v = new long[10];
            for (int k = 0; k < v.length; k++)
            {
                v[k] = random.nextLong();
            }
            final long epochNs = 1_000L * i; // within the first second: the clock (0) is sampled once, offset 0
            dropCopy.time(epochNs);
            final int shape = random.nextInt(3);
            final boolean order = 0 == shape;
            final boolean session = 2 == shape;
            if (order)
            {
                assertTrue(dropCopy.order(ORDER_ROUTED, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], 1, 2, (int)v[8]));
            }
            else if (session)
            {
                assertTrue(dropCopy.session(SESSION_LOGON, (int)v[0], (int)v[1], v[2], v[3], v[4], (int)v[5]));
            }
            else
            {
                assertTrue(dropCopy.execution(FILL, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], (int)v[8]));
            }
            final MessageHandler check = (type, b, index, length) ->
            {
                assertEquals(epochNs, b.getLong(index + EPOCH_NS_OFFSET));
                if (order)
                {
                    assertEquals(ORDER_ROUTED, type);
                    assertEquals(ORDER_LENGTH, length);
                    assertEquals(v[0], b.getLong(index + ORDER_ORDER_ID_OFFSET));
                    assertEquals(v[1], b.getLong(index + ORDER_CL_ORD_ID_OFFSET));
                    assertEquals(v[2], b.getLong(index + ORDER_CLIENT_ID_OFFSET));
                    assertEquals(v[3], b.getLong(index + ORDER_ACCOUNT_OFFSET));
                    assertEquals(v[4], b.getLong(index + ORDER_SYMBOL_OFFSET));
                    assertEquals(v[5], b.getLong(index + ORDER_QUANTITY_OFFSET));
                    assertEquals(v[6], b.getLong(index + ORDER_PRICE_OFFSET));
                    assertEquals(v[7], b.getLong(index + ORDER_VENUE_OFFSET));
                    assertEquals(1, b.getByte(index + ORDER_SIDE_OFFSET));
                    assertEquals(2, b.getByte(index + ORDER_ORD_TYPE_OFFSET));
                    assertEquals(0, b.getShort(index + ORDER_ORD_TYPE_OFFSET + 1));
                    assertEquals((int)v[8], b.getInt(index + ORDER_REASON_OFFSET));
                }
                else if (session)
                {
                    assertEquals(SESSION_LOGON, type);
                    assertEquals(SESSION_LENGTH, length);
                    assertEquals((int)v[0], b.getInt(index + SESSION_ID_OFFSET));
                    assertEquals((int)v[1], b.getInt(index + SESSION_REASON_OFFSET));
                    assertEquals(v[2], b.getLong(index + SESSION_CLIENT_ID_OFFSET));
                    assertEquals(v[3], b.getLong(index + SESSION_PEER_HIGH_OFFSET));
                    assertEquals(v[4], b.getLong(index + SESSION_PEER_LOW_OFFSET));
                    assertEquals((int)v[5], b.getInt(index + SESSION_PEER_PORT_OFFSET));
                    assertEquals(0, b.getInt(index + SESSION_PEER_PORT_OFFSET + 4));
                }
                else
                {
                    assertEquals(FILL, type);
                    assertEquals(EXEC_LENGTH, length);
                    assertEquals(v[0], b.getLong(index + EXEC_ORDER_ID_OFFSET));
                    assertEquals(v[1], b.getLong(index + EXEC_CL_ORD_ID_OFFSET));
                    assertEquals(v[2], b.getLong(index + EXEC_CLIENT_ID_OFFSET));
                    assertEquals(v[3], b.getLong(index + EXEC_VENUE_ORDER_ID_OFFSET));
                    assertEquals(v[4], b.getLong(index + EXEC_VENUE_OFFSET));
                    assertEquals(v[5], b.getLong(index + EXEC_FILLED_QTY_OFFSET));
                    assertEquals(v[6], b.getLong(index + EXEC_FILL_PRICE_OFFSET));
                    assertEquals(v[7], b.getLong(index + EXEC_LEAVES_QTY_OFFSET));
                    assertEquals((int)v[8], b.getInt(index + EXEC_VENUE_REASON_OFFSET));
                    assertEquals(0, b.getInt(index + EXEC_VENUE_REASON_OFFSET + 4));
                }
            };
            // at the wrap the ring's padding record is read first, alone
            assertEquals(1, ring.read(check, 10) + ring.read(check, 10));
        }
    }
}
