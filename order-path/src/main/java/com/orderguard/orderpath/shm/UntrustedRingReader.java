package com.orderguard.orderpath.shm;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The consumer side of an Agrona one-to-one ring whose <em>producer is not trusted</em>: a strategy
 * process's order ring, a venue gateway's report ring. Same record layout and same producer
 * protocol as {@link OneToOneRingBuffer} (a producer keeps using Agrona), but nothing the peer wrote
 * is believed before it is checked.
 * <p>
 * Why not {@code OneToOneRingBuffer.controlledRead}: it trusts every record header. A record length
 * of 0x7FFFFFF9..0x7FFFFFFF overflows its alignment to a negative step, and the loop then reads
 * outside the ring (an exception on every duty cycle, so everything polled after it never runs) or
 * garbage; it also reads the head position back from the shared trailer, which the peer can
 * overwrite. Here:
 * <ul>
 * <li>the head position is this reader's own field; it is published to the trailer for the
 * producer and never read back;</li>
 * <li>the tail the producer published is read once per call and must lie within one capacity
 * ahead of the head;</li>
 * <li>each committed record (length &gt; 0) must be at least a header long, and its aligned length,
 * computed in 64 bits, must fit both before the end of the buffer (records never wrap; padding fills
 * to the end) and before the producer's tail (re-read once, since a record committed after the first
 * read of the tail may legitimately lie beyond it);</li>
 * <li>a length &lt;= 0 is a record claimed but not committed yet: reading stops there, as Agrona's does.</li>
 * </ul>
 * The file under the mapping is the peer's too: if it truncates it, a load from the mapping faults and
 * the JVM throws {@link InternalError} ("a fault occurred in a recent unsafe memory access"),
 * asynchronously, at the next safepoint poll of the reading thread. The owner, which alone can
 * catch it reliably (around its whole duty cycle), finds the cut file ({@link MappedRing#isCutShort()})
 * and calls {@link #markUnmapped()}.
 * <p>
 * The first violation marks the ring corrupt for good: {@link #controlledRead} then reads nothing,
 * and the owner (see {@link #corruption()}) stops serving the peer and raises the alarm. Records
 * before the bad one are delivered and consumed. What a record's body says is the handler's
 * business (the order path validates each frame itself).
 * <p>
 * Single consumer thread; no allocation, no system call.
 */
public final class UntrustedRingReader
{
    /** Nothing wrong seen. */
    public static final int OK = 0;
    /** The producer's tail lies behind the head or more than a capacity ahead. */
    public static final int BAD_TAIL = 1;
    /** A record's length is shorter than its header or runs past the readable range. */
    public static final int BAD_RECORD_LENGTH = 2;
    /** The mapped file was cut short under the mapping (a load faulted). */
    public static final int UNMAPPED = 3;

    private static final int HEADER_LENGTH = RecordDescriptor.HEADER_LENGTH;
    private static final long ALIGNMENT_MASK = RecordDescriptor.ALIGNMENT - 1;

    private final AtomicBuffer buffer;
    private final int capacity;
    private final int headPositionIndex;
    private final int tailPositionIndex;
    private long head;
    private int corruption = OK;

    public UntrustedRingReader(final OneToOneRingBuffer ring)
    {
        this.buffer = ring.buffer();
        this.capacity = ring.capacity();
        this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        this.head = buffer.getLongVolatile(headPositionIndex); // made by us (MappedRing.create): 0
    }

    /** {@link #OK}, or why the ring was given up ({@link #BAD_TAIL}, {@link #BAD_RECORD_LENGTH}, {@link #UNMAPPED}). */
    public int corruption()
    {
        return corruption;
    }

    public boolean isCorrupt()
    {
        return OK != corruption;
    }

    /** The ring's file was cut short under the mapping: never touch its memory again. */
    public void markUnmapped()
    {
        corruption = UNMAPPED;
    }

    /**
     * Delivers up to {@code limit} records, as {@code OneToOneRingBuffer.controlledRead} does (ABORT
     * leaves the record for the next call, BREAK stops after it, COMMIT and CONTINUE go on).
     *
     * @return records delivered; 0 once the ring is corrupt.
     */
    public int controlledRead(final ControlledMessageHandler handler, final int limit)
    {
        if (OK != corruption)
        {
            return 0;
        }
        final AtomicBuffer buffer = this.buffer;
        final long head = this.head;
        long available = buffer.getLongVolatile(tailPositionIndex) - head;
        if (available < 0 || available > capacity)
        {
            corruption = BAD_TAIL;
            return 0;
        }
        final int headIndex = (int)head & (capacity - 1);
        final int blockLength = capacity - headIndex;
        int bytesRead = 0;
        int messagesRead = 0;
        try
        {
            while (bytesRead < blockLength && messagesRead < limit)
            {
                final int recordIndex = headIndex + bytesRead;
                final int recordLength = buffer.getIntVolatile(RecordDescriptor.lengthOffset(recordIndex));
                if (recordLength <= 0)
                {
                    break;
                }
                final long alignedLength = (recordLength + ALIGNMENT_MASK) & ~ALIGNMENT_MASK;
                if (recordLength < HEADER_LENGTH || alignedLength > blockLength - bytesRead)
                {
                    corruption = BAD_RECORD_LENGTH;
                    break;
                }
                if (alignedLength > available - bytesRead)
                {
                    available = buffer.getLongVolatile(tailPositionIndex) - head;
                    if (available < 0 || available > capacity || alignedLength > available - bytesRead)
                    {
                        corruption = available < 0 || available > capacity ? BAD_TAIL : BAD_RECORD_LENGTH;
                        break;
                    }
                }
                final int messageTypeId = buffer.getInt(RecordDescriptor.typeOffset(recordIndex));
                if (RingBuffer.PADDING_MSG_TYPE_ID == messageTypeId)
                {
                    bytesRead += (int)alignedLength;
                    continue;
                }
                final ControlledMessageHandler.Action action = handler.onMessage(
                    messageTypeId, buffer, recordIndex + HEADER_LENGTH, recordLength - HEADER_LENGTH);
                if (ControlledMessageHandler.Action.ABORT == action)
                {
                    break;
                }
                bytesRead += (int)alignedLength;
                messagesRead++;
                if (ControlledMessageHandler.Action.BREAK == action)
                {
                    break;
                }
            }
        }
        finally
        {
            if (bytesRead > 0)
            {
                buffer.setMemory(headIndex, bytesRead, (byte)0); // the producer relies on zeroed space
                this.head = head + bytesRead;
                buffer.putLongRelease(headPositionIndex, this.head);
            }
        }
        return messagesRead;
    }
}
