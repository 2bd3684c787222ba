package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The journal's control records (every APPROVAL and KEY_OPERATION record), oldest first, for
 * start-up: the quorum book and the content key pair in force are rebuilt from them. A closed
 * segment whose {@link SegmentSummary} opens the next segment is read only where the summary points;
 * a segment without one (the journal predates summaries, or the appliance stopped between rolling
 * and writing it), and the segment being written, are read whole. So start-up reads the control
 * records plus one segment, not the years of order events around them.
 * <p>
 * What it trusts: the files as they are, like the writer's reopen. Each record read at a listed
 * offset must pass its checksum and carry the listed sequence and kind, or the journal is reported
 * damaged (the appliance then refuses to start); that a summary omits nothing is
 * {@link JournalVerifier}'s to check, since summaries are inside the signed tree.
 */
public final class ControlRecords
{
    /** Receives one control record. */
    @FunctionalInterface
    public interface Handler
    {
        void onRecord(long sequence, int kindCode, int subtype, byte[] payload) throws IOException;
    }

    /** How the journal was read: segments found through their summary, segments read whole, records read. */
    public record Scan(int segmentsBySummary, int segmentsReadWhole, long recordsRead)
    {
    }

    private ControlRecords()
    {
    }

    /** Hands every control record of the journal in {@code directory} to {@code handler}, oldest first. */
    public static Scan read(final Path directory, final Handler handler) throws IOException
    {
        final List<Path> segments = JournalSegments.list(directory);
        int bySummary = 0;
        int whole = 0;
        long read = 0;
        for (int i = 0; i < segments.size(); i++)
        {
            final Path segment = segments.get(i);
            final boolean last = i == segments.size() - 1;
            final SegmentSummary.Parsed summary = last ? null :
                summaryOf(segments.get(i + 1), JournalFormat.firstSequenceOf(segment.getFileName().toString()));
            if (summary != null && summary.controlRecords() != null)
            {
                read += readListed(segment, summary, handler);
                bySummary++;
            }
            else
            {
                read += readWhole(segment, last, handler);
                whole++;
            }
        }
        return new Scan(bySummary, whole, read);
    }

    /** The summary that opens {@code next}, if it describes the segment starting at {@code describedFirst}; else null. */
    private static SegmentSummary.Parsed summaryOf(final Path next, final long describedFirst) throws IOException
    {
        try (JournalReader reader = new JournalReader(next, false))
        {
            if (reader.next() != JournalReader.Status.RECORD || reader.kindCode() != RecordKind.SEGMENT_SUMMARY.code())
            {
                return null;
            }
            final SegmentSummary.Parsed parsed = SegmentSummary.parse(reader.payloadCopy());
            return parsed != null && parsed.segment() == describedFirst ? parsed : null;
        }
    }

    private static long readListed(final Path segment, final SegmentSummary.Parsed summary, final Handler handler) throws IOException
    {
        try (JournalReader reader = new JournalReader(segment, false))
        {
            for (int i = 0; i < summary.listedCount(); i++)
            {
                final long offset = summary.offsetOf(i);
                final JournalReader.Status status = reader.readAt(offset);
                if (status != JournalReader.Status.RECORD || reader.sequence() != summary.sequenceOf(i) ||
                    reader.kindCode() != summary.kindOf(i))
                {
                    throw new JournalDamagedException(segment, offset, "the segment summary lists record " + summary.sequenceOf(i) +
                        " here, " + (status == JournalReader.Status.RECORD ? "found record " + reader.sequence() + " of kind " +
                        reader.kindCode() : reader.problem()));
                }
                handler.onRecord(reader.sequence(), reader.kindCode(), reader.subtype(), reader.payloadCopy());
            }
            return summary.listedCount();
        }
    }

    private static long readWhole(final Path segment, final boolean last, final Handler handler) throws IOException
    {
        long read = 0;
        try (JournalReader reader = new JournalReader(segment, false))
        {
            while (true)
            {
                final JournalReader.Status status = reader.next();
                if (status == JournalReader.Status.RECORD)
                {
                    read++;
                    if (SegmentSummary.isControl(reader.kindCode()))
                    {
                        handler.onRecord(reader.sequence(), reader.kindCode(), reader.subtype(), reader.payloadCopy());
                    }
                    continue;
                }
                if (status == JournalReader.Status.END || last && status == JournalReader.Status.TORN_TAIL)
                {
                    return read; // a torn final record was never acknowledged; the writer cuts it when it opens
                }
                throw new JournalDamagedException(segment, reader.recordOffset(), reader.problem());
            }
        }
    }
}
