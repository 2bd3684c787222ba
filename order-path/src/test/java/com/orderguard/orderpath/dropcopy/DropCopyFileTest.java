package com.orderguard.orderpath.dropcopy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The drop copy in a mapped file outlives its process: what was committed and not yet taken is there
 * for the next run, first and in order; a record the dead process claimed but never finished is cut
 * and leaves nothing the reader could mistake for a record; a file of another size is reused only
 * when empty.
 */
class DropCopyFileTest
{
    private static final int CAPACITY = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldKeepWhatTheJournalHadNotTakenAndHandItOverFirstAfterAReopen()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final DropCopyFile.Opened first = DropCopyFile.open(file, CAPACITY);
        assertEquals(0, first.leftoverEvents());
        assertNull(first.note());
        for (long i = 1; i <= 500; i++)
        {
            assertTrue(write(first.ring().ring(), i));
        }
        assertEquals(List.of(1L, 2L, 3L), read(first.ring().ring(), 3));
        // the process dies here: no close, no drain; the next one maps the same file

        final DropCopyFile.Opened second = DropCopyFile.open(file, CAPACITY);
        assertEquals(497, second.leftoverEvents());
        assertTrue(second.note().contains("497 drop-copy events"), second.note());
        assertTrue(write(second.ring().ring(), 501));
        final List<Long> after = read(second.ring().ring(), 1_000);
        assertEquals(498, after.size());
        assertEquals(4L, after.get(0));
        assertEquals(501L, after.get(after.size() - 1));
    }

    @Test
    void shouldCutARecordTheDeadProcessClaimedButNeverFinished()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = DropCopyFile.open(file, CAPACITY).ring().ring();
        for (long i = 1; i <= 3; i++)
        {
            assertTrue(write(ring, i));
        }
        final int claimed = ring.tryClaim(6, 80); // the process dies inside this write
        assertTrue(claimed > 0);
        ring.buffer().setMemory(claimed, 80, (byte)0x7F);

        final DropCopyFile.Opened reopened = DropCopyFile.open(file, CAPACITY);
        assertEquals(3, reopened.leftoverEvents());
        assertTrue(reopened.note().contains("never finished"), reopened.note());
        final OneToOneRingBuffer again = reopened.ring().ring();
        assertEquals(List.of(1L, 2L, 3L), read(again, 100));
        for (long i = 4; i <= 6; i++)
        {
            assertTrue(write(again, i));
        }
        assertEquals(List.of(4L, 5L, 6L), read(again, 100), "nothing of the unfinished record is read as one");
    }

    @Test
    void shouldKeepEventsAcrossTheRingsWrapAndCutATornRecordAfterThePadding()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = DropCopyFile.open(file, CAPACITY).ring().ring();
        long next = 1;
        // go round the ring a few times, the journal keeping up
        for (int lap = 0; lap < 5; lap++)
        {
            for (int i = 0; i < 600; i++)
            {
                assertTrue(write(ring, next++));
            }
            assertEquals(600, read(ring, 1_000).size());
        }
        // come close to the end of the ring, the journal still keeping up
        while ((ring.producerPosition() & (CAPACITY - 1)) < CAPACITY - 6 * 88)
        {
            assertTrue(write(ring, next++));
            assertEquals(1, read(ring, 10).size());
        }
        // leave events that straddle the end (padding, then index 0), then die inside a write
        final long firstLeft = next;
        for (int i = 0; i < 10; i++)
        {
            assertTrue(write(ring, next++));
        }
        assertTrue((ring.producerPosition() & (CAPACITY - 1)) < 10 * 88, "the events left wrap round the ring");
        final long left = next - firstLeft;
        final int claimed = ring.tryClaim(6, 80);
        assertTrue(claimed >= 0);
        ring.buffer().setMemory(claimed, 80, (byte)0x55);

        final DropCopyFile.Opened reopened = DropCopyFile.open(file, CAPACITY);
        assertEquals(left, reopened.leftoverEvents(), reopened.note());
        final OneToOneRingBuffer again = reopened.ring().ring();
        final List<Long> kept = read(again, 10_000);
        assertEquals(left, kept.size());
        assertEquals(firstLeft, kept.get(0));
        assertEquals(next - 1, kept.get(kept.size() - 1));
        for (int i = 0; i < 50; i++)
        {
            assertTrue(write(again, 1_000_000L + i));
        }
        final List<Long> fresh = read(again, 10_000);
        assertEquals(50, fresh.size(), "only what was written after the reopen, nothing of the torn record");
        assertEquals(1_000_000L, fresh.get(0));
    }

    @Test
    void shouldReuseAFileOfAnotherSizeOnlyWhenTheJournalHadTakenEverything()
    {
        final Path file = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer small = DropCopyFile.open(file, CAPACITY).ring().ring();
        assertTrue(write(small, 1));
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DropCopyFile.open(file, 2 * CAPACITY));
        assertTrue(refused.getMessage().contains("start once with the previous size"), refused.getMessage());

        assertEquals(List.of(1L), read(small, 10));
        final DropCopyFile.Opened bigger = DropCopyFile.open(file, 2 * CAPACITY);
        assertEquals(0, bigger.leftoverEvents());
        assertEquals(2 * CAPACITY, bigger.ring().ring().capacity());
    }

    private static boolean write(final OneToOneRingBuffer ring, final long value)
    {
        final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);
        event.putLong(0, value);
        return ring.write(6, event, 0, 80);
    }

    private static List<Long> read(final OneToOneRingBuffer ring, final int limit)
    {
        final List<Long> values = new ArrayList<>();
        // one read stops at the end of the buffer; the journal polls again, and so does this
        while (values.size() < limit && ring.read((type, buffer, index, length) -> values.add(buffer.getLong(index)),
            limit - values.size()) > 0)
        {
            continue;
        }
        return values;
    }
}
