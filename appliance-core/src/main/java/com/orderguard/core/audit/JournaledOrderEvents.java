package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.orderguard.orderpath.dropcopy.DropCopyReader;

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
     * At every start whose drop copy outlives the process, before the journal drains it: skips the
     * events the journal already holds and records a fresh mark ({@link DropCopyReader#recover}), so
     * each event is journaled exactly once across any number of kills, including one before a run's
     * first release. Call after the writer has opened the journal (which cut any torn tail).
     *
     * @return what a LIFECYCLE record should say (events skipped, or an inconsistency), null when nothing needs saying.
     * @throws JournalDamagedException when the part of the journal to count cannot be read whole.
     */
    public static String recover(final DropCopyReader reader, final JournalWriter writer) throws IOException
    {
        final long mark = reader.markSequence();
        final long last = writer.lastSequence();
        if (mark > last)
        {
            reader.recover(0, last);
            return "the journal ends at sequence " + last + ", but the drop copy freed events once the journal had written up to " +
                "sequence " + mark + ": events freed in between are not in the journal (a journal cut short or replaced)";
        }
        // no mark: a ring from before marks existed, whose count is unknown; its events are journaled (perhaps again).
        // An empty ring needs no count (and a start after an orderly stop has no file at all).
        final long journaled = mark < 0 || !reader.hasUnread() ? 0 : after(writer.directory(), mark);
        final long skipped = reader.recover(journaled, last);
        if (skipped < journaled)
        {
            return "the journal holds " + journaled + " order-path records after the drop copy's mark (sequence " + mark +
                ") but the drop copy held only " + skipped + " events after it: the drop-copy file does not belong to this journal";
        }
        return skipped == 0 ? null : skipped + " drop-copy events the journal already held (the last run died after writing " +
            "them, before freeing them): journaled once, not again";
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
        if (first == null && !segments.isEmpty())
        {
            throw new JournalDamagedException(segments.get(0), 0, "the segment that would hold sequence " + (sequence + 1) +
                " is gone: the order-path records after it cannot be counted");
        }
        long events = 0;
        long previous = -1;
        for (int i = first == null ? segments.size() : segments.indexOf(first); i < segments.size(); i++)
        {
            try (JournalReader reader = new JournalReader(segments.get(i)))
            {
                JournalReader.Status status;
                while ((status = reader.next()) == JournalReader.Status.RECORD)
                {
                    if (previous >= 0 && reader.sequence() != previous + 1)
                    {
                        throw new JournalDamagedException(reader.currentFile(), reader.recordOffset(), "sequence " +
                            reader.sequence() + " follows " + previous + ": a segment between them is missing");
                    }
                    previous = reader.sequence();
                    final int kind = reader.kindCode();
                    if (reader.sequence() > sequence &&
                        (kind == RecordKind.ORDER_PATH.code() || kind == RecordKind.ORDER_PATH_SEALED.code()))
                    {
                        events++;
                    }
                }
                if (status != JournalReader.Status.END)
                {
                    // a short count would journal events twice: refuse to guess
                    throw new JournalDamagedException(reader.currentFile(), reader.recordOffset(), reader.problem());
                }
            }
        }
        return events;
    }
}
