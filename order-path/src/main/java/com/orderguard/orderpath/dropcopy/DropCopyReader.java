package com.orderguard.orderpath.dropcopy;

import java.lang.invoke.VarHandle;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The consumer side of the drop copy: hands events over without freeing them, and frees them only
 * when told the journal file holds them.
 * <p>
 * Why not Agrona's {@code read}: it frees what it handed over (zeroes it, moves the head) as soon as
 * the handler returns, but the journal only copies an event into its staging buffer there; the
 * file gets it a little later, after the previous group's fsync. A kill -9 in between lost events
 * the broker had already been answered on (ApplianceCrashIT caught 31 in a row). Here an event stays
 * in the ring, which outlives the process on tmpfs, until {@link #release} says the journal file
 * has it, so a kill at any point leaves every event either in the file or in the ring.
 * <p>
 * A kill can also land between the journal's write and the release, leaving events in both. To
 * journal each exactly once, a release first records a <em>mark</em> in the ring: the position it
 * frees up to and the journal sequence that covers every event before it. The next start reads the
 * mark ({@link #markSequence()}), counts the order-path records the journal holds after that
 * sequence, and {@link #recover skips} that many events (and first completes a release the kill cut
 * short, {@link #completeInterruptedRelease()}). The mark is two slots and a generation,
 * each slot written whole before the generation names it, so whichever store a kill lands after,
 * the mark read back is one a release wrote. It lives in the consumer's own cache line of Agrona's
 * trailer, in the padding after the head position, which Agrona never touches (checked at class load).
 * <p>
 * One consumer thread only, as with any single-producer, single-consumer ring. Nothing allocates.
 */
public final class DropCopyReader
{
    /** The generation: which slot holds the current mark; 0 for none yet. */
    static final int GENERATION_OFFSET = RingBufferDescriptor.HEAD_POSITION_OFFSET + Long.BYTES;
    /** Two slots of (journal sequence, ring position). */
    static final int SLOTS_OFFSET = GENERATION_OFFSET + Long.BYTES;
    private static final int SLOT_BYTES = 2 * Long.BYTES;

    static
    {
        if (SLOTS_OFFSET + 2 * SLOT_BYTES > RingBufferDescriptor.HEAD_POSITION_OFFSET + BitUtil.CACHE_LINE_LENGTH ||
            RingBufferDescriptor.HEAD_POSITION_OFFSET + BitUtil.CACHE_LINE_LENGTH > RingBufferDescriptor.CORRELATION_COUNTER_OFFSET)
        {
            throw new IllegalStateException("Agrona's ring trailer has no free bytes after the head position for the journal mark");
        }
    }

    private final AtomicBuffer buffer;
    private final int capacity;
    private final int headPositionIndex;
    private final int generationIndex;
    private final int slotsIndex;
    private long readPosition;

    public DropCopyReader(final OneToOneRingBuffer ring)
    {
        this.buffer = ring.buffer();
        this.capacity = ring.capacity();
        this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.generationIndex = capacity + GENERATION_OFFSET;
        this.slotsIndex = capacity + SLOTS_OFFSET;
        this.readPosition = buffer.getLongVolatile(headPositionIndex);
    }

    /**
     * Hands over up to {@code limit} events after those already handed over, freeing none of them.
     * Like Agrona's read it stops at the ring's end; the next call goes on from its start.
     *
     * @return the number of events handed over.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        final int startIndex = (int)readPosition & (capacity - 1);
        final int maxBlockLength = capacity - startIndex;
        int bytesRead = 0;
        int events = 0;
        try
        {
            while (bytesRead < maxBlockLength && events < limit)
            {
                final int recordIndex = startIndex + bytesRead;
                final int recordLength = buffer.getIntVolatile(RecordDescriptor.lengthOffset(recordIndex));
                if (recordLength <= 0)
                {
                    break;
                }
                bytesRead += BitUtil.align(recordLength, RecordDescriptor.ALIGNMENT);
                final int typeId = buffer.getInt(RecordDescriptor.typeOffset(recordIndex));
                if (OneToOneRingBuffer.PADDING_MSG_TYPE_ID == typeId)
                {
                    continue;
                }
                ++events;
                handler.onMessage(typeId, buffer, recordIndex + RecordDescriptor.HEADER_LENGTH,
                    recordLength - RecordDescriptor.HEADER_LENGTH);
            }
        }
        finally
        {
            readPosition += bytesRead;
        }
        return events;
    }

    /** Hands over and frees at once, as Agrona's read does: for a consumer with nothing to make durable (tests, benchmarks). */
    public int take(final MessageHandler handler, final int limit)
    {
        final int events = poll(handler, limit);
        free(readPosition);
        return events;
    }

    /** True when the producer has written past what was handed over. */
    public boolean hasUnread()
    {
        return buffer.getLongVolatile(capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET) > readPosition;
    }

    /** The ring position after the last event handed over. */
    public long readPosition()
    {
        return readPosition;
    }

    /**
     * The journal file holds every event before {@code position} (a {@link #readPosition()} seen
     * earlier), none of them after journal sequence {@code journalSequence}: records the mark, then
     * frees them for the producer.
     */
    public void release(final long position, final long journalSequence)
    {
        if (position <= buffer.getLong(headPositionIndex))
        {
            return;
        }
        mark(journalSequence, position);
        free(position);
    }

    /**
     * Records (journal sequence, position) as the mark: the slot first, then the generation that
     * names it, then a full fence so no store of the freeing that follows can be moved before it
     * (a kill -9 keeps every store that executed, in program order, as far as the compiler kept it).
     */
    private void mark(final long journalSequence, final long position)
    {
        final long generation = buffer.getLong(generationIndex) + 1;
        final int slot = slotsIndex + (int)(generation & 1) * SLOT_BYTES;
        buffer.putLong(slot, journalSequence);
        buffer.putLong(slot + Long.BYTES, position);
        buffer.putLongOrdered(generationIndex, generation); // names the slot only once it is whole
        VarHandle.fullFence();
    }

    /** The journal sequence of the last release, or -1 when this ring has none. */
    public long markSequence()
    {
        final long generation = buffer.getLongVolatile(generationIndex);
        return 0 == generation ? -1 : buffer.getLong(slotsIndex + (int)(generation & 1) * SLOT_BYTES);
    }

    /** The ring position of the last release, or -1 when this ring has none. */
    public long markPosition()
    {
        final long generation = buffer.getLongVolatile(generationIndex);
        return 0 == generation ? -1 : buffer.getLong(slotsIndex + (int)(generation & 1) * SLOT_BYTES + Long.BYTES);
    }

    /**
     * At start-up, on a ring a dead process left, before anything reads it: when the process died
     * after recording a mark and before freeing up to it, completes that freeing (the bytes before the
     * mark may be half zeroed, so nothing may walk them). Returns true when there was one to complete.
     */
    public boolean completeInterruptedRelease()
    {
        final long head = buffer.getLong(headPositionIndex);
        final long tail = buffer.getLongVolatile(capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET);
        final long mark = markPosition();
        if (mark > head && mark <= tail)
        {
            free(mark);
            readPosition = mark;
            return true;
        }
        return false;
    }

    /**
     * At every start on a ring that outlives the process, before the first poll: frees the first
     * {@code journaledAfterMark} events, which the journal already holds (its order-path records after
     * {@link #markSequence()}: a dead run wrote them and died before releasing them), so each event is
     * journaled once. Then it records a new mark, {@code (journalLastSequence, the new head)}, before
     * freeing anything: every event before the head is in the journal, none after it, so a run that dies
     * before its first release (or inside this) is recovered from the right place. A fresh ring gets its
     * first mark here too.
     *
     * @return how many events were freed; fewer than asked when the ring holds fewer (the caller reports it).
     */
    public long recover(final long journaledAfterMark, final long journalLastSequence)
    {
        completeInterruptedRelease();
        final long tail = buffer.getLongVolatile(capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET);
        final int mask = capacity - 1;
        long position = buffer.getLong(headPositionIndex);
        long skipped = 0;
        while (skipped < journaledAfterMark && position < tail)
        {
            final int index = (int)position & mask;
            final int recordLength = buffer.getIntVolatile(RecordDescriptor.lengthOffset(index));
            if (recordLength <= 0)
            {
                break;
            }
            position += BitUtil.align(recordLength, RecordDescriptor.ALIGNMENT);
            if (OneToOneRingBuffer.PADDING_MSG_TYPE_ID != buffer.getInt(RecordDescriptor.typeOffset(index)))
            {
                skipped++;
            }
        }
        mark(journalLastSequence, position);
        free(position);
        readPosition = position;
        return skipped;
    }

    /** Zeroes what lies before {@code position} (the producer and Agrona's reading rely on it) and moves the head there. */
    private void free(final long position)
    {
        final long head = buffer.getLong(headPositionIndex);
        if (position <= head)
        {
            return;
        }
        final int index = (int)head & (capacity - 1);
        final int length = (int)(position - head);
        final int first = Math.min(length, capacity - index);
        buffer.setMemory(index, first, (byte)0);
        if (length > first)
        {
            buffer.setMemory(0, length - first, (byte)0);
        }
        buffer.putLongOrdered(headPositionIndex, position);
    }
}
