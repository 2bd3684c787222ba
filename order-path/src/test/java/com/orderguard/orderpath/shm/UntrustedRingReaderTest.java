package com.orderguard.orderpath.shm;

import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The reader of a ring written by a process we do not trust: every record an honest Agrona producer
 * writes arrives exactly as Agrona's own reader would deliver it; any header that cannot be true
 * marks the ring corrupt, without an exception and without reading outside the ring.
 */
class UntrustedRingReaderTest
{
    private static final int CAPACITY = 1 << 12;
    private static final int HEAD = CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET;
    private static final int TAIL = CAPACITY + RingBufferDescriptor.TAIL_POSITION_OFFSET;

    private static OneToOneRingBuffer ring()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static final class Recorder implements ControlledMessageHandler
    {
        final List<String> seen = new ArrayList<>();

        public Action onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
            final int length)
        {
            seen.add(msgTypeId + ":" + length + ":" + (length >= 8 ? buffer.getLong(index) : -1));
            return Action.CONTINUE;
        }
    }

    @Test
    void shouldDeliverEveryRecordOfAnHonestProducerAcrossManyWrapsLikeAgrona()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final OneToOneRingBuffer ring = ring();
        final UntrustedRingReader reader = new UntrustedRingReader(ring);
        int written = 0;
        final Recorder read = new Recorder();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
        for (int i = 0; i < 200_000; i++)
        {
            final int length = 8 + random.nextInt(300);
            message.putLong(0, i);
            if (ring.write(1 + random.nextInt(20), message, 0, length))
            {
                written++;
            }
            if (random.nextInt(4) == 0)
            {
                reader.controlledRead(read, 1 + random.nextInt(10));
            }
        }
        while (reader.controlledRead(read, 100) > 0)
        {
            // drain
        }
        assertFalse(reader.isCorrupt(), "an honest producer never looks corrupt");
        assertEquals(written, read.seen.size(), "every record delivered once");
        for (int i = 1; i < read.seen.size(); i++)
        {
            final long previous = Long.parseLong(read.seen.get(i - 1).split(":")[2]);
            final long current = Long.parseLong(read.seen.get(i).split(":")[2]);
            assertTrue(current > previous, "in order: " + read.seen.get(i - 1) + " then " + read.seen.get(i));
        }
        assertEquals(0, ring.size(), "the producer sees everything consumed");
    }

    @Test
    void shouldGiveUpTheRingOnARecordLengthThatOverflowsItsAlignment()
    {
        for (int length = 0x7FFF_FFF9; length > 0 && length <= 0x7FFF_FFFF; length++)
        {
            final OneToOneRingBuffer ring = ring();
            final UntrustedRingReader reader = new UntrustedRingReader(ring);
            final UnsafeBuffer b = (UnsafeBuffer)ring.buffer();
            b.putInt(0, length);
            b.putInt(4, 1);
            b.putLong(TAIL, 8);
            final Recorder read = new Recorder();
            assertEquals(0, reader.controlledRead(read, 10), "length " + Integer.toHexString(length));
            assertTrue(read.seen.isEmpty());
            assertEquals(UntrustedRingReader.BAD_RECORD_LENGTH, reader.corruption());
            assertEquals(0, reader.controlledRead(read, 10), "a corrupt ring is never read again");
            if (length == Integer.MAX_VALUE)
            {
                break;
            }
        }
    }

    @Test
    void shouldGiveUpTheRingOnARecordShorterThanItsHeaderOrPastTheTail()
    {
        for (int length = 1; length < 8; length++)
        {
            final OneToOneRingBuffer ring = ring();
            final UntrustedRingReader reader = new UntrustedRingReader(ring);
            ring.buffer().putInt(0, length);
            ring.buffer().putLong(TAIL, 8);
            reader.controlledRead(new Recorder(), 10);
            assertEquals(UntrustedRingReader.BAD_RECORD_LENGTH, reader.corruption(), "length " + length);
        }
        final OneToOneRingBuffer ring = ring();
        final UntrustedRingReader reader = new UntrustedRingReader(ring);
        ring.buffer().putInt(0, 64);
        ring.buffer().putInt(4, 1);
        ring.buffer().putLong(TAIL, 16); // claims 64 bytes, published 16
        final Recorder read = new Recorder();
        reader.controlledRead(read, 10);
        assertEquals(UntrustedRingReader.BAD_RECORD_LENGTH, reader.corruption());
        assertTrue(read.seen.isEmpty());
    }

    @Test
    void shouldGiveUpTheRingOnATailBehindTheHeadOrMoreThanACapacityAhead()
    {
        for (final long tail : new long[] {-8, CAPACITY + 8, Long.MAX_VALUE, Long.MIN_VALUE})
        {
            final OneToOneRingBuffer ring = ring();
            final UntrustedRingReader reader = new UntrustedRingReader(ring);
            ring.buffer().putLong(TAIL, tail);
            assertEquals(0, reader.controlledRead(new Recorder(), 10));
            assertEquals(UntrustedRingReader.BAD_TAIL, reader.corruption(), "tail " + tail);
        }
    }

    @Test
    void shouldIgnoreAHeadPositionThePeerOverwrote()
    {
        final OneToOneRingBuffer ring = ring();
        final UntrustedRingReader reader = new UntrustedRingReader(ring);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        message.putLong(0, 7);
        assertTrue(ring.write(1, message, 0, 16));
        ring.buffer().putLong(HEAD, -1_000_000); // the peer rewinds our head: it would replay garbage
        final Recorder read = new Recorder();
        assertEquals(1, reader.controlledRead(read, 10));
        assertEquals(List.of("1:16:7"), read.seen);
        assertEquals(24, ring.buffer().getLong(HEAD), "the head we publish is our own");
    }

    @Test
    void shouldDeliverWhatCameBeforeABadRecordThenStop()
    {
        final OneToOneRingBuffer ring = ring();
        final UntrustedRingReader reader = new UntrustedRingReader(ring);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        message.putLong(0, 1);
        assertTrue(ring.write(1, message, 0, 16));
        ring.buffer().putInt(24, 0x7FFF_FFFF);
        ring.buffer().putInt(28, 1);
        ring.buffer().putLong(TAIL, 24 + 64);
        final Recorder read = new Recorder();
        assertEquals(1, reader.controlledRead(read, 10));
        assertEquals(List.of("1:16:1"), read.seen);
        assertTrue(reader.isCorrupt());
    }
}
