package com.orderguard.orderpath.shm;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The producer's view of free space: never says yes wrongly, says yes whenever the ring has the room. */
class ProducerRoomTest
{
    private static final int CAPACITY = 1 << 12;

    private static OneToOneRingBuffer ring()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Test
    void shouldAgreeWithTheRingsOwnSizeThroughFillsDrainsAndWraps()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final OneToOneRingBuffer ring = ring();
        final ProducerRoom room = new ProducerRoom(ring);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 100_000; i++)
        {
            final int bytes = 1 + random.nextInt(CAPACITY);
            assertEquals(CAPACITY - ring.size() >= bytes, room.hasRoom(bytes), "step " + i);
            if (random.nextBoolean())
            {
                ring.write(1, message, 0, 8 + random.nextInt(200));
            }
            else
            {
                ring.read((type, buffer, index, length) -> { }, 1 + random.nextInt(5));
            }
        }
    }

    @Test
    void shouldSeeNoRoomWhenTheConsumerWritesAHeadThatCannotBeTrue()
    {
        final OneToOneRingBuffer ring = ring();
        final ProducerRoom room = new ProducerRoom(ring);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 8; i++)
        {
            assertTrue(ring.write(1, message, 0, 256));
        }
        ring.buffer().putLongVolatile(CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET, 1L << 40); // ahead of the tail
        assertFalse(room.hasRoom(CAPACITY), "more than the cached head shows: the head is read");
        assertFalse(room.hasRoom(64), "a head ahead of the tail gives no room");
        ring.buffer().putLongVolatile(CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET, -(1L << 40));
        assertFalse(room.hasRoom(64), "a head far behind gives no room");
    }
}
