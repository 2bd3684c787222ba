package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Searches a journal by time range, kind, actor, order id, account and symbol: what the control
 * plane calls (from a worker thread: it reads files) and what {@code appliance journal search}
 * prints. Full segments whose {@link SegmentIndex} (time range, kinds, Bloom filter of the
 * searchable values) rules out a match are skipped; the others, and the segment being written, are
 * read with framing and checksums checked. A torn tail of the segment being written is the live
 * end, not an error.
 */
public final class JournalSearch
{
    private JournalSearch()
    {
    }

    /** Streams every match to {@code each}, in journal order; returns how many matched. */
    public static long search(final Path journal, final JournalQuery query, final Consumer<RecordView> each) throws IOException
    {
        return search(journal, query, 0, each);
    }

    /**
     * Streams every match after sequence {@code afterSequence} (a page cursor) to {@code each}; whole
     * segments that end at or before the cursor are not read.
     */
    public static long search(final Path journal, final JournalQuery query, final long afterSequence, final Consumer<RecordView> each)
        throws IOException
    {
        final List<Path> segments = JournalSegments.resolve(journal);
        final long[] matched = {0};
        for (int i = 0; i < segments.size(); i++)
        {
            final boolean active = i == segments.size() - 1;
            if (!active && JournalFormat.firstSequenceOf(segments.get(i + 1).getFileName().toString()) <= afterSequence + 1)
            {
                continue; // the cursor is past this segment
            }
            if (!active && !SegmentIndex.of(segments.get(i)).mightMatch(query))
            {
                continue; // the index rules this full segment out
            }
            scan(segments.get(i), query, view ->
            {
                if (view.sequence() > afterSequence)
                {
                    matched[0]++;
                    each.accept(view);
                }
            });
        }
        return matched[0];
    }

    private static long scan(final Path segment, final JournalQuery query, final Consumer<RecordView> each) throws IOException
    {
        long matched = 0;
        try (JournalReader reader = JournalReader.live(segment))
        {
            JournalReader.Status status;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                final int kind = reader.kindCode();
                if (!query.kinds().isEmpty() && !query.kinds().contains(RecordKind.fromCode(kind)))
                {
                    continue;
                }
                final long time = reader.epochNanos();
                if ((query.fromEpochNanos() != null && time < query.fromEpochNanos()) ||
                    (query.toEpochNanos() != null && time > query.toEpochNanos()))
                {
                    continue;
                }
                final RecordView view = RecordView.of(reader);
                if (query.matches(view))
                {
                    matched++;
                    each.accept(view);
                }
            }
            if (status != JournalReader.Status.END && status != JournalReader.Status.TORN_TAIL)
            {
                throw new JournalDamagedException(reader.currentFile(), reader.recordOffset(), reader.problem());
            }
        }
        return matched;
    }

    /** The first {@code limit} matches. */
    public static List<RecordView> search(final Path journal, final JournalQuery query, final int limit) throws IOException
    {
        final List<RecordView> found = new ArrayList<>();
        search(journal, query, view ->
        {
            if (found.size() < limit)
            {
                found.add(view);
            }
        });
        return found;
    }
}
