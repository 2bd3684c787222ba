package com.orderguard.orderpath.shm;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The free space of an Agrona one-to-one ring as its single producer sees it, cheaply and without
 * trusting the consumer. {@code OneToOneRingBuffer.size()} reads the consumer's head with acquire
 * semantics, in a loop until it reads the same value twice, on every call: a cross-core cache miss
 * per message on the hot path, and a loop a consumer in another process could keep spinning by
 * rewriting its head. Here the head is cached, as Agrona's producer caches it for claims: the
 * shared value is read once, and only when the cached one says the ring may be full. The cache
 * can only under-state the room (the real head is never behind it), so a yes is always true.
 * <p>
 * A head that cannot be true (ahead of the tail, or more than a capacity behind it) means no room:
 * a consumer that corrupts its ring stops getting data, nobody else is affected. So does a ring
 * whose mapped file the consumer cut short, once the owner has said so ({@link #broken()}): no room,
 * for good, and its memory is not touched again. Producer thread only.
 */
public final class ProducerRoom
{
    private final AtomicBuffer buffer;
    private final int capacity;
    private final int headPositionIndex;
    private final int tailPositionIndex;
    private long headCache;
    private boolean broken;

    public ProducerRoom(final OneToOneRingBuffer ring)
    {
        this.buffer = ring.buffer();
        this.capacity = ring.capacity();
        this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        this.headCache = buffer.getLongVolatile(headPositionIndex);
    }

    /** Whether {@code bytes} more bytes fit now. */
    public boolean hasRoom(final int bytes)
    {
        if (broken)
        {
            return false;
        }
        final long tail = buffer.getLong(tailPositionIndex); // written by this thread only
        final long used = tail - headCache;
        if (used >= 0 && capacity - used >= bytes)
        {
            return true;
        }
        headCache = buffer.getLongVolatile(headPositionIndex);
        final long usedNow = tail - headCache;
        return usedNow >= 0 && usedNow <= capacity && capacity - usedNow >= bytes;
    }

    /** The ring's file was cut short under the mapping (see MappedRing.isCutShort): never room again. */
    public void broken()
    {
        broken = true;
    }

    public boolean isBroken()
    {
        return broken;
    }
}
