package com.orderguard.core.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** What a start counts to tell which drop-copy events the journal already holds: order-path records only, after the mark, across segments. */
class JournaledOrderEventsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyOrderPathRecordsAfterTheMarkAcrossSegments() throws Exception
    {
        final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);
        final byte[] control = "{\"who\":\"ops\"}".getBytes(StandardCharsets.UTF_8);
        long event342 = 0;
        long last;
        try (JournalWriter writer = JournalWriter.open(dir, 16 * 1024))
        {
            for (int i = 1; i <= 600; i++)
            {
                event.putLong(0, i);
                final long sequence = writer.append(RecordKind.ORDER_PATH, 6, i, event, 0, 80);
                event342 = i == 342 ? sequence : event342;
                if (i % 7 == 0)
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, i, control); // between events, not one of them
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
}
