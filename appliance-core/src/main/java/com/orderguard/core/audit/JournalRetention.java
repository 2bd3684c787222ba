package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments may be retired, and retiring them: a segment qualifies only when it is not the
 * last (the one being written), every segment before it qualifies too, and its newest record is
 * older than the retention period (7 years by default). Nothing younger is ever deleted; archive
 * before you retire if a regulator wants the records longer. Verification then starts at the
 * oldest retained segment, whose header frontier stands for the retired ones (the next signed
 * checkpoint authenticates it); exports need the full journal, so keep an archived copy.
 */
public final class JournalRetention
{
    private JournalRetention()
    {
    }

    /** The segments that may be retired at {@code nowEpochNanos}, oldest first. */
    public static List<Path> expired(final Path directory, final long retentionDays, final long nowEpochNanos) throws IOException
    {
        if (retentionDays < 1)
        {
            throw new IllegalArgumentException("journal.retentionDays must be at least 1, was " + retentionDays);
        }
        final long cutoff = nowEpochNanos - retentionDays * 86_400L * 1_000_000_000L;
        final List<Path> segments = JournalSegments.list(directory);
        final List<Path> expired = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1; i++)
        {
            if (newestRecordNanos(segments.get(i)) >= cutoff)
            {
                break;
            }
            expired.add(segments.get(i));
        }
        return expired;
    }

    /** Deletes the expired segments; returns them. */
    public static List<Path> retire(final Path directory, final long retentionDays, final long nowEpochNanos) throws IOException
    {
        final List<Path> expired = expired(directory, retentionDays, nowEpochNanos);
        for (final Path segment : expired)
        {
            Files.delete(segment);
            Files.deleteIfExists(SegmentIndex.fileFor(segment));
        }
        return expired;
    }

    private static long newestRecordNanos(final Path segment) throws IOException
    {
        long newest = Long.MAX_VALUE; // a segment that cannot be read is never old enough
        try (JournalReader reader = new JournalReader(segment))
        {
            JournalReader.Status status;
            long max = Long.MIN_VALUE;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                max = Math.max(max, reader.epochNanos());
            }
            if (status == JournalReader.Status.END && max != Long.MIN_VALUE)
            {
                newest = max;
            }
        }
        return newest;
    }
}
