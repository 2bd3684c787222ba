package com.orderguard.core.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.orderpath.dropcopy.DropCopyFile;
import com.orderguard.orderpath.dropcopy.DropCopyReader;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a start counts to tell which drop-copy events the journal already holds (order-path records
 * only, after the mark, across segments), and the start's whole recovery against a real journal:
 * across kills at any point, each event in the journal once.
 */
class JournaledOrderEventsTest
{
    private static final int RING_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    private final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);
    private final byte[] control = "{\"who\":\"ops\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldCountOnlyOrderPathRecordsAfterTheMarkAcrossSegments() throws Exception
    {
        long event342 = 0;
        long last;
        try (JournalWriter writer = JournalWriter.open(dir, 16 * 1024))
        {
            for (int i = 1; i <= 600; i++)
            {
                event.putLong(0, i);
                // sealed or clear, each drop-copy event is one record
                final long sequence = writer.append(i % 2 == 0 ? RecordKind.ORDER_PATH : RecordKind.ORDER_PATH_SEALED, 6, i, event, 0, 80);
                event342 = i == 342 ? sequence : event342;
                if (i % 7 == 0)
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, i, control); // between events, not one of them
                }
                if (i % 50 == 0)
                {
                    writer.append(RecordKind.KEY_OPERATION, 21, i, control); // a content key the journal wrote before an event
                }
            }
            last = writer.append(RecordKind.LIFECYCLE, 1, 601, control);
            writer.commit();
        }
        assertTrue(JournalSegments.list(dir).size() > 3, "the count reads from the segment holding the mark on");
        assertEquals(0, JournaledOrderEvents.after(dir, last));
        assertEquals(0, JournaledOrderEvents.after(dir, last - 1), "a lifecycle record is not an event");
        assertEquals(600, JournaledOrderEvents.after(dir, 0));
        assertEquals(600 - 342, JournaledOrderEvents.after(dir, event342));
        assertEquals(600 - 341, JournaledOrderEvents.after(dir, event342 - 1));
    }

    @Test
    void shouldRefuseToCountPastAMissingSegmentRatherThanCountShort() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, 16 * 1024))
        {
            for (int i = 1; i <= 600; i++)
            {
                event.putLong(0, i);
                writer.append(RecordKind.ORDER_PATH, 6, i, event, 0, 80);
            }
            writer.commit();
        }
        final List<Path> segments = JournalSegments.list(dir);
        java.nio.file.Files.delete(segments.get(segments.size() - 2));
        final JournalDamagedException refused = assertThrows(JournalDamagedException.class, () -> JournaledOrderEvents.after(dir, 10));
        assertTrue(refused.getMessage().contains("missing"), refused.getMessage());
        java.nio.file.Files.delete(segments.get(0));
        assertThrows(JournalDamagedException.class, () -> JournaledOrderEvents.after(dir, 0), "the segment holding the mark is gone");
    }

    @Test
    void shouldJournalEachEventOnceAcrossKillsBeforeAndAfterTheFirstRelease() throws Exception
    {
        final Path ringFile = dir.resolve("dropcopy.ring");
        final Path journal = dir.resolve("journal");
        // run 1: a fresh ring; 1-10 journaled and released, 11-14 written to the journal, then the kill
        OneToOneRingBuffer ring = DropCopyFile.open(ringFile, RING_BYTES).ring().ring();
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            final DropCopyReader reader = new DropCopyReader(ring);
            assertNull(JournaledOrderEvents.recover(reader, writer));
            offer(ring, 1, 20);
            drain(reader, writer, 10, true);
            drain(reader, writer, 4, false);
        }
        // run 2: skips 11-14, marks the ring afresh, writes 15-16 and dies before releasing them
        ring = DropCopyFile.open(ringFile, RING_BYTES).ring().ring();
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            final DropCopyReader reader = new DropCopyReader(ring);
            final String note = JournaledOrderEvents.recover(reader, writer);
            assertTrue(note != null && note.startsWith("4 drop-copy events the journal already held"), note);
            writer.append(RecordKind.LIFECYCLE, 1, 0, control); // the start's own records, before any event
            drain(reader, writer, 2, false);
        }
        // run 3: skips 15-16 and journals the rest
        ring = DropCopyFile.open(ringFile, RING_BYTES).ring().ring();
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            final DropCopyReader reader = new DropCopyReader(ring);
            assertTrue(JournaledOrderEvents.recover(reader, writer).startsWith("2 drop-copy events"));
            drain(reader, writer, 100, true);
        }
        final List<Long> journaled = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.kindCode() == RecordKind.ORDER_PATH.code())
                {
                    journaled.add(new UnsafeBuffer(reader.payloadCopy()).getLong(0));
                }
            }
        }
        final List<Long> once = new ArrayList<>();
        for (long i = 1; i <= 20; i++)
        {
            once.add(i);
        }
        assertEquals(once, journaled, "every event, each once, in order");
    }

    @Test
    void shouldSayWhenTheJournalEndsBeforeWhatTheDropCopyFreed() throws Exception
    {
        final Path ringFile = dir.resolve("dropcopy.ring");
        final OneToOneRingBuffer ring = DropCopyFile.open(ringFile, RING_BYTES).ring().ring();
        try (JournalWriter writer = JournalWriter.open(dir.resolve("journal")))
        {
            final DropCopyReader reader = new DropCopyReader(ring);
            JournaledOrderEvents.recover(reader, writer);
            offer(ring, 1, 5);
            drain(reader, writer, 3, true);
        }
        try (JournalWriter replaced = JournalWriter.open(dir.resolve("another-journal")))
        {
            final String note = JournaledOrderEvents.recover(new DropCopyReader(DropCopyFile.open(ringFile, RING_BYTES).ring().ring()),
                replaced);
            assertTrue(note != null && note.contains("not in the journal"), note);
        }
    }

    private void offer(final OneToOneRingBuffer ring, final long from, final long to)
    {
        for (long i = from; i <= to; i++)
        {
            event.putLong(0, i);
            assertTrue(ring.write(6, event, 0, 80));
        }
    }

    /** What the journal thread does with {@code count} events: stage, write, and release only when asked to (else the kill comes first). */
    private static void drain(final DropCopyReader reader, final JournalWriter writer, final int count, final boolean release)
        throws Exception
    {
        final Exception[] failed = new Exception[1];
        reader.poll((type, buffer, index, length) ->
        {
            try
            {
                writer.append(RecordKind.ORDER_PATH, type, buffer.getLong(index), buffer, index, length);
            }
            catch (final Exception ex)
            {
                failed[0] = ex;
            }
        }, count);
        if (failed[0] != null)
        {
            throw failed[0];
        }
        writer.commit();
        if (release)
        {
            reader.release(reader.readPosition(), writer.lastSequence());
        }
    }
}
