package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Segment summaries: every segment after the first opens with an exact account of the one before it;
 * start-up finds every control record (approvals, key operations) through them, reading only the
 * open segment whole, and gets what a full read gets; a segment without one is read whole; and the
 * verifier names a summary that does not describe its segment.
 */
class SegmentSummaryTest
{
    private final JournalFixture fixture = new JournalFixture();

    @TempDir
    Path dir;

    @Test
    void shouldOpenEverySegmentButTheFirstWithAnExactSummaryOfTheOneBefore() throws IOException
    {
        fixture.write(dir, 3_000, 200, 16 * 1024, 11);
        final List<Path> segments = JournalSegments.list(dir);
        assertTrue(segments.size() > 5, "segments: " + segments.size());
        int controlListed = 0;
        for (int i = 1; i < segments.size(); i++)
        {
            final SegmentSummary actual = new SegmentSummary();
            try (JournalReader reader = new JournalReader(segments.get(i - 1), false))
            {
                while (reader.next() == JournalReader.Status.RECORD)
                {
                    if (reader.segmentFirstSequence() > 0 && actual.segmentFirstSequence() == 0)
                    {
                        actual.reset(reader.segmentFirstSequence());
                    }
                    actual.onRecord(reader.kindCode(), reader.subtype(), reader.sequence(), reader.recordOffset());
                }
            }
            try (JournalReader reader = new JournalReader(segments.get(i), false))
            {
                assertEquals(JournalReader.Status.RECORD, reader.next());
                assertEquals(RecordKind.SEGMENT_SUMMARY.code(), reader.kindCode(), "first record of " + segments.get(i).getFileName());
                assertEquals(reader.segmentFirstSequence(), reader.sequence());
                final SegmentSummary.Parsed parsed = SegmentSummary.parse(reader.payloadCopy());
                assertNull(actual.mismatch(parsed), segments.get(i).getFileName().toString());
                controlListed += parsed.listedCount();
            }
        }
        assertTrue(controlListed > 50, "control records listed: " + controlListed);
        assertTrue(JournalVerifier.verify(dir, fixture.verifier, List.of(), null).ok());
        assertTrue(JournalVerifier.verify(dir, fixture.verifier, List.of(), null, 2).ok());
    }

    @Test
    void shouldFindTheControlRecordsThroughTheSummariesReadingOnlyTheOpenSegmentWhole() throws IOException
    {
        fixture.write(dir, 3_000, 200, 16 * 1024, 12);
        final List<Long> expected = controlByFullRead(dir);
        final java.util.Map<Long, String> payloads = new java.util.HashMap<>();
        try (JournalReader reader = new JournalReader(dir))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                payloads.put(reader.sequence(), reader.kindCode() + "/" + reader.subtype() + " " +
                    new String(reader.payloadCopy(), StandardCharsets.UTF_8));
            }
        }
        final List<Long> found = new ArrayList<>();
        final ControlRecords.Scan scan = ControlRecords.read(dir, (sequence, kind, subtype, payload) ->
        {
            assertEquals(payloads.get(sequence), kind + "/" + subtype + " " + new String(payload, StandardCharsets.UTF_8));
            found.add(sequence);
        });
        assertEquals(expected, found);
        assertEquals(JournalSegments.list(dir).size() - 1, scan.segmentsBySummary());
        assertEquals(1, scan.segmentsReadWhole());
        assertTrue(scan.recordsRead() < 3_000 / 3, "records read: " + scan.recordsRead());
    }

    @Test
    void shouldReadASegmentWholeWhenTheApplianceStoppedBeforeWritingItsSummary() throws IOException
    {
        fixture.write(dir, 1_500, 100, 16 * 1024, 13);
        final List<Path> segments = JournalSegments.list(dir);
        final Path last = segments.get(segments.size() - 1);
        final long first = JournalFormat.firstSequenceOf(last.getFileName().toString());
        // a crash just after the roll: the new segment's header is on disk, its summary (and the rest) never was
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE))
        {
            channel.truncate(JournalFormat.headerLength(first));
        }
        try (JournalWriter writer = JournalWriter.open(dir, 16 * 1024))
        {
            for (int i = 0; i < 400; i++)
            {
                final RecordKind kind = i % 7 == 0 ? RecordKind.APPROVAL : RecordKind.CONTROL_ACCESS;
                writer.append(kind, 1, 1_800_000_000_000_000_000L + i,
                    ("{\"n\":" + (writer.lastSequence() + 1) + ",\"pad\":\"" + "x".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            writer.commit();
        }
        final List<Long> found = new ArrayList<>();
        final ControlRecords.Scan scan = ControlRecords.read(dir, (sequence, kind, subtype, payload) -> found.add(sequence));
        assertEquals(controlByFullRead(dir), found);
        assertEquals(2, scan.segmentsReadWhole(), "the segment left without a summary and the open one");
        assertTrue(JournalVerifier.verify(dir, fixture.verifier, List.of(), null).ok(), "a segment without a summary is not damage");
    }

    @Test
    void shouldNameASegmentSummaryThatDoesNotDescribeItsSegment() throws IOException
    {
        fixture.write(dir, 2_000, 100, 16 * 1024, 14);
        final JournalFixture.Location summary = JournalFixture.locate(dir).stream()
            .filter(location -> location.kind() == RecordKind.SEGMENT_SUMMARY.code()).skip(2).findFirst().orElseThrow();
        final byte[] record = JournalFixture.read(summary);
        final String text = new String(record, StandardCharsets.ISO_8859_1);
        final int at = text.indexOf("\"records\":") + "\"records\":".length();
        record[at] = (byte)(record[at] == '9' ? '8' : record[at] + 1); // one record fewer or more, same length
        JournalFixture.fixCrc(record);
        JournalFixture.splice(summary.file(), summary.offset(), record.length, record);

        for (final int threads : new int[] {1, 2})
        {
            final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, List.of(), null, threads);
            assertFalse(report.ok());
            assertEquals(JournalVerifier.Finding.MODIFIED, report.finding(), report.describe());
            assertEquals(summary.sequence(), report.firstBadSequence(), report.describe());
            assertTrue(report.problem().contains("segment summary"), report.describe());
        }
    }

    private static List<Long> controlByFullRead(final Path dir) throws IOException
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (SegmentSummary.isControl(reader.kindCode()))
                {
                    sequences.add(reader.sequence());
                }
            }
        }
        assertFalse(sequences.isEmpty());
        return sequences;
    }
}
