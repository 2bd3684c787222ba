package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How many order-path events a journal holds after a sequence: what a start needs to tell which
 * events still in the drop-copy ring a dead run had already journaled (see the order path's
 * {@code DropCopyReader.recover}). Each drop-copy event becomes exactly one {@link RecordKind#ORDER_PATH}
 * or {@link RecordKind#ORDER_PATH_SEALED} record, in ring order; key, control-plane and checkpoint
 * records between them are not counted.
 */
public final class JournaledOrderEvents
{
    private JournaledOrderEvents()
    {
    }

    /**
     * Counts order-path records with a sequence above {@code sequence}, reading only the segments from
     * the one that holds {@code sequence + 1} on (the mark is at most a few group commits old).
     * Call after the writer has opened the journal, which has cut any torn tail.
     */
    public static long after(final Path directory, final long sequence) throws IOException
    {
        final List<Path> segments = JournalSegments.list(directory);
        final Path first = JournalSegments.containing(directory, sequence + 1);
        long events = 0;
        for (int i = first == null ? 0 : segments.indexOf(first); i >= 0 && i < segments.size(); i++)
        {
            try (JournalReader reader = new JournalReader(segments.get(i)))
            {
                while (reader.next() == JournalReader.Status.RECORD)
                {
                    final int kind = reader.kindCode();
                    if (reader.sequence() > sequence &&
                        (kind == RecordKind.ORDER_PATH.code() || kind == RecordKind.ORDER_PATH_SEALED.code()))
                    {
                        events++;
                    }
                }
            }
        }
        return events;
    }
}
