package com.orderguard.orderpath.command;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Commands from control threads (any number: control plane, quorum) to the order-path thread,
 * which applies them between orders, never in the middle of one. The order-path thread is the
 * only writer of order state, so commands are requests, applied in arrival order.
 * <p>
 * Payloads: OPEN has none; SEAL carries {@code int32 reasonCode} at offset 0.
 */
public final class CommandRing
{
    public static final int OPEN = 1;
    public static final int SEAL = 2;
    public static final int SEAL_REASON_OFFSET = 0;
    public static final int SEAL_LENGTH = 4;

    private static final int CAPACITY_BYTES = 64 * 1024;

    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));

    /** Any thread: request that intake opens. False when the ring is full. */
    public boolean open()
    {
        final int index = ring.tryClaim(OPEN, 0);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        ring.commit(index);
        return true;
    }

    /** Any thread: request that intake seals, for {@code reasonCode}. False when the ring is full. */
    public boolean seal(final int reasonCode)
    {
        final int index = ring.tryClaim(SEAL, SEAL_LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final AtomicBuffer buffer = ring.buffer();
        buffer.putInt(index + SEAL_REASON_OFFSET, reasonCode);
        ring.commit(index);
        return true;
    }

    /**
     * Order-path thread only. A handler returning ABORT leaves that command in the ring to be
     * applied again on the next drain (e.g. until its event can be recorded).
     */
    public int drain(final ControlledMessageHandler handler, final int limit)
    {
        return ring.controlledRead(handler, limit);
    }
}
