package com.orderguard.orderpath.dropcopy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal's reader of the drop copy frees an event only when told the journal file holds it, and
 * leaves a mark from which the next start tells the events the journal already holds from those it
 * still needs: across a kill -9 at any point, every event is journaled, and only once.
 */
class DropCopyReaderTest
{
    private static final int CAPACITY = 64 * 1024;
    private static final int EVENT_BYTES = 80;
    /** An event's place in the ring: Agrona's 8-byte header and the payload, 8-aligned. */
    private static final int RECORD_BYTES = 88;

    @TempDir
    Path dir;

    @Test
    void shouldFreeNothingItHandedOverUntilReleased()
    {
        final OneToOneRingBuffer ring = DropCopyFile.open(dir.resolve("dropcopy.ring"), CAPACITY).ring().ring();
        final DropCopyReader reader = new DropCopyReader(ring);
        for (long i = 1; i <= 10; i++)
        {
            assertTrue(write(ring, i));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), poll(reader, 6));
        assertEquals(0, ring.consumerPosition(), "handed over is not freed");
        assertEquals(List.of(7L, 8L, 9L, 10L), poll(reader, 100), "the next poll goes on after what was handed over");
        final long afterSix = 6 * RECORD_BYTES;
        reader.release(afterSix, 106);
        assertEquals(afterSix, ring.consumerPosition());
        assertEquals(106, reader.markSequence());
        assertEquals(afterSix, reader.markPosition());
        assertEquals(0, ring.buffer().getLong(0), "freed bytes are zeroed for the producer's next lap");
        reader.release(reader.readPosition(), 110);
        assertEquals(ring.producerPosition(), ring.consumerPosition());
        assertEquals(110, reader.markSequence());
    }

    @Test
    void shouldLetTheProducerFillOnlyWhatWasReleased()
    {
        final OneToOneRingBuffer ring = DropCopyFile.open(dir.resolve("dropcopy.ring"), CAPACITY).ring().ring();
        final DropCopyReader reader = new DropCopyReader(ring);
        long written = 0;
        while (write(ring, written + 1))
        {
            written++;
        }
        assertEquals(written, poll(reader, Integer.MAX_VALUE).size());
        assertFalse(write(ring, -1), "everything handed over still holds its place");
        reader.release(reader.readPosition(), 1_000);
        long lap = 0;
        while (write(ring, 1_000_000 + lap))
        {
            lap++;
        }
        assertTrue(lap >= written - 1, "a whole ring again once released, less the padding at its end: " + lap + " of " + written);
        final List<Long> second = poll(reader, Integer.MAX_VALUE);
        assertEquals(lap, second.size());
        assertEquals(1_000_000L, second.get(0));
        reader.release(reader.readPosition(), 2_000);
        assertEquals(ring.producerPosition(), ring.consumerPosition());
    }

    @Test
    void shouldHandTheNextStartOnlyTheEventsTheJournalDidNotWrite()
    {
        final Path file = dir.resolve("dropcopy.ring");
        runThatDiesBeforeReleasing9To12(file);
        // the next start maps the file and asks the journal how many it holds after 508

        final DropCopyFile.Opened reopened = DropCopyFile.open(file, CAPACITY);
        assertEquals(12, reopened.leftoverEvents(), reopened.note());
        final DropCopyReader next = new DropCopyReader(reopened.ring().ring());
        assertEquals(508, next.markSequence());
        assertEquals(4, next.recover(4, 512));
        assertEquals(List.of(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), poll(next, 100), "each event journaled once");
    }

    @Test
    void shouldLoseNothingWhenTheRunThatSkippedDiesBeforeItsFirstRelease()
    {
        final Path file = dir.resolve("dropcopy.ring");
        runThatDiesBeforeReleasing9To12(file);

        final DropCopyReader b = new DropCopyReader(DropCopyFile.open(file, CAPACITY).ring().ring());
        assertEquals(4, b.recover(4, 512)); // run B skips 9-12, then dies before journaling anything (its journal still ends at 512)

        final DropCopyReader c = new DropCopyReader(DropCopyFile.open(file, CAPACITY).ring().ring());
        assertEquals(512, c.markSequence(), "run B marked the ring afresh before freeing");
        assertEquals(0, c.recover(0, 512), "the journal holds nothing after 512");
        assertEquals(List.of(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), poll(c, 100), "13-16 are not skipped a second time");
    }

    @Test
    void shouldNotJournalAgainWhatARunWroteBeforeItsFirstReleaseOnAFreshRing()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = DropCopyFile.open(file, CAPACITY).ring().ring();
        final DropCopyReader first = new DropCopyReader(ring);
        assertEquals(-1, first.markSequence(), "a fresh ring has no mark");
        first.recover(0, 700); // every start marks the ring: the journal ends at 700
        for (long i = 1; i <= 5; i++)
        {
            assertTrue(write(ring, i));
        }
        poll(first, 5); // journaled as 701-705, the kill lands before the first release

        final DropCopyReader next = new DropCopyReader(DropCopyFile.open(file, CAPACITY).ring().ring());
        assertEquals(700, next.markSequence());
        assertEquals(5, next.recover(5, 705));
        assertEquals(List.of(), poll(next, 100));
    }

    @Test
    void shouldKeepEveryEventWhenAKillLandsInsideTheSkipOfAStart()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = runThatDiesBeforeReleasing9To12(file);
        final byte[] before = new byte[20 * RECORD_BYTES];
        ring.buffer().getBytes(0, before);

        final OneToOneRingBuffer reopened = DropCopyFile.open(file, CAPACITY).ring().ring();
        new DropCopyReader(reopened).recover(4, 512); // run B: marks (512, after 12), zeroes 9-12, moves the head...
        // ...but the kill came inside the zeroing: the head still at 9, event 9 zeroed, 10-12 not yet
        reopened.buffer().putBytes(9 * RECORD_BYTES, before, 9 * RECORD_BYTES, 3 * RECORD_BYTES);
        reopened.buffer().putLong(CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET, 8 * RECORD_BYTES);

        final DropCopyFile.Opened again = DropCopyFile.open(file, CAPACITY);
        assertEquals(8, again.leftoverEvents(), again.note());
        final DropCopyReader c = new DropCopyReader(again.ring().ring());
        assertEquals(0, c.recover(0, 512));
        assertEquals(List.of(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), poll(c, 100));
    }

    @Test
    void shouldCompleteAReleaseTheKillCutShortBeforeReadingAnything()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = DropCopyFile.open(file, CAPACITY).ring().ring();
        final DropCopyReader reader = new DropCopyReader(ring);
        for (long i = 1; i <= 10; i++)
        {
            assertTrue(write(ring, i));
        }
        poll(reader, 10);
        final byte[] before = new byte[10 * RECORD_BYTES];
        ring.buffer().getBytes(0, before);
        reader.release(6 * RECORD_BYTES, 306);
        // what a kill inside the freeing leaves: the mark recorded, events 1-3 zeroed, 4-6 not yet, the head not moved
        ring.buffer().putBytes(3 * RECORD_BYTES, before, 3 * RECORD_BYTES, 3 * RECORD_BYTES);
        ring.buffer().putLong(CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET, 0);

        final DropCopyFile.Opened reopened = DropCopyFile.open(file, CAPACITY);
        assertEquals(4, reopened.leftoverEvents(), reopened.note());
        assertTrue(reopened.note().contains("completed freeing"), reopened.note());
        final DropCopyReader next = new DropCopyReader(reopened.ring().ring());
        assertEquals(0, next.recover(0, 306), "the journal holds nothing after the mark");
        assertEquals(List.of(7L, 8L, 9L, 10L), poll(next, 100));
    }

    @Test
    void shouldKeepTheLastWholeMarkWhenAKillLandsBetweenASlotAndItsGeneration()
    {
        final OneToOneRingBuffer ring = DropCopyFile.open(dir.resolve("dropcopy.ring"), CAPACITY).ring().ring();
        final DropCopyReader reader = new DropCopyReader(ring);
        assertEquals(-1, reader.markSequence(), "no mark before the first release");
        for (long i = 1; i <= 3; i++)
        {
            assertTrue(write(ring, i));
        }
        poll(reader, 3);
        reader.release(RECORD_BYTES, 41);
        // the next release's slot is written, then the kill: its generation never names it
        final long generation = ring.buffer().getLong(CAPACITY + DropCopyReader.GENERATION_OFFSET);
        final int nextSlot = CAPACITY + DropCopyReader.SLOTS_OFFSET + (int)((generation + 1) & 1) * 16;
        ring.buffer().putLong(nextSlot, 99);
        ring.buffer().putLong(nextSlot + 8, 3 * RECORD_BYTES);
        assertEquals(41, reader.markSequence());
        assertEquals(RECORD_BYTES, reader.markPosition());
    }

    @Test
    void shouldTakeAndFreeAtOnceForAConsumerWithoutAJournal()
    {
        final OneToOneRingBuffer ring = DropCopyFile.open(dir.resolve("dropcopy.ring"), CAPACITY).ring().ring();
        final DropCopyReader reader = new DropCopyReader(ring);
        for (long i = 1; i <= 5; i++)
        {
            assertTrue(write(ring, i));
        }
        assertEquals(5, reader.take((type, buffer, index, length) -> { }, 100));
        assertEquals(ring.producerPosition(), ring.consumerPosition());
        assertEquals(-1, reader.markSequence(), "take leaves no mark");
    }

    /**
     * Run A: a fresh ring, marked at its start with the journal at 500; events 1-20 written, 1-8
     * journaled (501-508) and released, 9-12 journaled (509-512); then the kill, before their release.
     */
    private static OneToOneRingBuffer runThatDiesBeforeReleasing9To12(final Path file)
    {
        final OneToOneRingBuffer ring = DropCopyFile.open(file, CAPACITY).ring().ring();
        final DropCopyReader a = new DropCopyReader(ring);
        a.recover(0, 500);
        for (long i = 1; i <= 20; i++)
        {
            assertTrue(write(ring, i));
        }
        assertEquals(8, poll(a, 8).size());
        a.release(8 * RECORD_BYTES, 508);
        assertEquals(4, poll(a, 4).size());
        return ring;
    }

    private static boolean write(final OneToOneRingBuffer ring, final long value)
    {
        final UnsafeBuffer event = new UnsafeBuffer(new byte[EVENT_BYTES]);
        event.putLong(0, value);
        return ring.write(6, event, 0, EVENT_BYTES);
    }

    private static List<Long> poll(final DropCopyReader reader, final int limit)
    {
        final List<Long> values = new ArrayList<>();
        // one poll stops at the end of the buffer (perhaps having read only the padding there); the journal polls again, and so does this
        long before = -1;
        while (values.size() < limit && reader.readPosition() != before)
        {
            before = reader.readPosition();
            reader.poll((type, buffer, index, length) -> values.add(buffer.getLong(index)), limit - values.size());
        }
        return values;
    }
}
