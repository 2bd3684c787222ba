package com.orderguard.core.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class JournalTest
{
    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();

    private long writeRecords(final int count) throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (int i = 0; i < count; i++)
            {
                buffer.putLong(0, i);
                if ((i & 1) == 0)
                {
                    writer.append(RecordKind.ORDER_PATH, 7, 1_000L + i, buffer, 0, 40);
                }
                else
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, 1_000L + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                }
            }
            return writer.commit();
        }
    }

    private JournalFixture.Location record(final long sequence) throws IOException
    {
        return JournalFixture.locate(dir).get((int)sequence - 1);
    }

    private static void flipByte(final Path file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }

    /** The journal in {@code dir} verifies, with exactly {@code records} records. */
    private void assertVerifies(final long records) throws IOException
    {
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(records, report.recordsVerified(), report.describe());
    }

    @Test
    void shouldVerifyAnUntamperedJournal() throws IOException
    {
        assertEquals(100, writeRecords(100));
        assertVerifies(100);
    }

    @Test
    void shouldNameTheRecordWhosePayloadByteWasFlipped() throws IOException
    {
        writeRecords(50);
        final JournalFixture.Location at = record(23);
        flipByte(at.file(), at.offset() + JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.PAYLOAD_OFFSET + 3);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(JournalVerifier.Finding.MODIFIED, report.finding(), report.describe());
        assertEquals(23, report.firstBadSequence(), report.describe());
        assertEquals(22, report.recordsVerified());
        assertTrue(report.describe().contains("sequence 23"), report.describe());
    }

    @Test
    void shouldNameTheRecordWhoseChecksumByteWasFlipped() throws IOException
    {
        writeRecords(10);
        final JournalFixture.Location at = record(5);
        flipByte(at.file(), at.offset() + at.length() - 1);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertEquals(JournalVerifier.Finding.MODIFIED, report.finding(), report.describe());
        assertEquals(5, report.firstBadSequence(), report.describe());
    }

    @Test
    void shouldNameTheRecordWhoseLengthFieldWasFlipped() throws IOException
    {
        writeRecords(10);
        final JournalFixture.Location at = record(8);
        flipByte(at.file(), at.offset() + 2);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(8, report.firstBadSequence(), report.describe());
    }

    @Test
    void shouldContinueTheTreeAcrossReopen() throws IOException
    {
        writeRecords(10);
        final byte[] rootBefore;
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertNull(writer.recoveryNote());
            assertEquals(11, writer.append(RecordKind.LIFECYCLE, 0, 5L, "{}".getBytes(StandardCharsets.UTF_8)));
            writer.commit();
            rootBefore = writer.root();
        }
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(11, report.recordsVerified());
        assertArrayEquals(rootBefore, report.root());
    }

    @Test
    void shouldCutATornFinalRecordOnReopenAndKeepEverythingBeforeIt() throws IOException
    {
        writeRecords(10);
        final JournalFixture.Location last = record(10);
        try (RandomAccessFile raf = new RandomAccessFile(last.file().toFile(), "rw"))
        {
            raf.setLength(raf.length() - 5);
        }
        final JournalVerifier.Report torn = JournalVerifier.verify(dir, null);
        assertEquals(JournalVerifier.Finding.TRUNCATED, torn.finding(), torn.describe());
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertNotNull(writer.recoveryNote());
            assertEquals(9, writer.lastSequence());
        }
        assertVerifies(9);
        try (var files = Files.list(dir))
        {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().contains(".torn-")), "the cut bytes are kept for forensics");
        }
    }

    @Test
    void shouldReadADirectWritersBlockPaddingAsTheEndOfTheSegmentAndCutItWhenClosing() throws IOException
    {
        final Path segment = dir.resolve(JournalFormat.segmentName(1));
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            org.junit.jupiter.api.Assumptions.assumeTrue(writer.directIo(), "this file system refuses direct I/O");
            for (int i = 0; i < 10; i++)
            {
                writer.append(RecordKind.CONTROL_ACCESS, 0, 1_000L + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(10, writer.commit());
            final long blockBytes = Files.getFileStore(segment).getBlockSize();
            assertEquals(0, Files.size(segment) % blockBytes, "direct I/O writes whole blocks");
            final JournalFixture.Location last = record(10);
            assertTrue(Files.size(segment) > last.offset() + last.length(), "zeros follow the last record");
            final JournalVerifier.Report live = JournalVerifier.verify(dir, null);
            assertTrue(live.ok(), live.describe());
            assertEquals(10, live.recordsVerified());

            writer.append(RecordKind.CONTROL_ACCESS, 0, 2_000L, "{\"n\":10}".getBytes(StandardCharsets.UTF_8));
            assertEquals(11, writer.commit(), "the partial block is written again with the record that follows");
        }
        final JournalFixture.Location last = record(11);
        assertEquals(last.offset() + last.length(), Files.size(segment), "a closed segment is exactly its records long");
        assertVerifies(11);
    }

    @Test
    void shouldCutADirectWriteWhoseSectorNeverReachedTheDiskAndKeepEverythingBeforeIt() throws IOException
    {
        writeRecords(60);
        // A crash inside a direct write: sectors land independently, and one that did not reads as zeros
        // while later ones landed. Zero the first whole sector that starts inside a record past the 30th.
        final List<JournalFixture.Location> records = JournalFixture.locate(dir);
        JournalFixture.Location hit = null;
        long sector = 0;
        for (final JournalFixture.Location location : records.subList(30, records.size() - 2))
        {
            final long boundary = (location.offset() / 512 + 1) * 512;
            if (boundary < location.offset() + location.length())
            {
                hit = location;
                sector = boundary;
                break;
            }
        }
        assertNotNull(hit, "some record crosses a sector boundary");
        try (RandomAccessFile raf = new RandomAccessFile(hit.file().toFile(), "rw"))
        {
            raf.seek(sector);
            raf.write(new byte[512]);
        }
        final JournalVerifier.Report torn = JournalVerifier.verify(dir, null);
        assertEquals(JournalVerifier.Finding.TRUNCATED, torn.finding(), torn.describe());
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertNotNull(writer.recoveryNote());
            assertEquals(hit.sequence() - 1, writer.lastSequence());
        }
        assertVerifies(hit.sequence() - 1);
    }

    @Test
    void shouldReadTheSameRecordsWithDirectIoAsThroughThePageCacheAcrossChunksAndSegments() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(dir, 1 << 20))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[300]);
            for (int i = 0; i < 12_000; i++)
            {
                buffer.putLong(0, i);
                writer.append(RecordKind.ORDER_PATH, 7, 1_000L + i, buffer, 0, 37 + i % 251); // records straddle every boundary
            }
            writer.commit(); // left open: the last segment ends in block padding
            final MerkleHasher hasher = new MerkleHasher();
            final byte[] viaCache = new byte[MerkleHasher.HASH_LENGTH];
            final byte[] viaDirect = new byte[MerkleHasher.HASH_LENGTH];
            long records = 0;
            try (JournalReader cached = new JournalReader(dir, true, false);
                JournalReader direct = new JournalReader(dir, true, true))
            {
                JournalReader.Status status;
                while ((status = cached.next()) == JournalReader.Status.RECORD)
                {
                    assertEquals(JournalReader.Status.RECORD, direct.next());
                    assertEquals(cached.sequence(), direct.sequence());
                    assertEquals(cached.recordOffset(), direct.recordOffset());
                    cached.leafHash(hasher, viaCache, 0);
                    direct.leafHash(hasher, viaDirect, 0);
                    assertArrayEquals(viaCache, viaDirect, "record " + cached.sequence());
                    records++;
                }
                assertEquals(JournalReader.Status.END, status);
                assertEquals(JournalReader.Status.END, direct.next());
            }
            final int segments = JournalSegments.list(dir).size();
            assertTrue(segments > 1, "several segments");
            assertEquals(12_000 + segments - 1, records, "every record, and a summary opening each segment after the first");
        }
    }

    @Test
    void shouldWriteThroughThePageCacheWhereTheFileSystemRefusesDirectIo() throws IOException
    {
        // as tmpfs on older kernels does: the open with O_DIRECT fails with EINVAL
        final JournalWriter.ChannelOpener refusing = (file, direct) ->
        {
            if (direct)
            {
                throw new IOException("Invalid argument");
            }
            return java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ);
        };
        final Path segment = dir.resolve(JournalFormat.segmentName(1));
        for (int run = 0; run < 2; run++)
        {
            try (JournalWriter writer = JournalWriter.open(dir, JournalWriter.DEFAULT_SEGMENT_BYTES, refusing))
            {
                assertFalse(writer.directIo());
                assertTrue(writer.pageCacheReason().contains("Invalid argument"), writer.pageCacheReason());
                for (int i = 0; i < 7; i++)
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, 1_000L + i, ("{\"run\":" + run + "}").getBytes(StandardCharsets.UTF_8));
                }
                assertEquals(7L * (run + 1), writer.commit());
                final JournalFixture.Location last = record(7L * (run + 1));
                assertEquals(last.offset() + last.length(), Files.size(segment), "no padding through the page cache");
            }
        }
        assertVerifies(14);
    }

    @Test
    void shouldLetALiveReaderStopAtARecordTheWriterIsRewritingButNotAReaderOfAJournalAtRest() throws IOException
    {
        writeRecords(10);
        // a read racing the writer's rewrite of the file's last block sees it half old, half new
        final JournalFixture.Location last = record(10);
        flipByte(last.file(), last.offset() + 12);
        try (JournalReader live = JournalReader.live(dir))
        {
            JournalReader.Status status;
            int records = 0;
            while ((status = live.next()) == JournalReader.Status.RECORD)
            {
                records++;
            }
            assertEquals(JournalReader.Status.TORN_TAIL, status, live.problem());
            assertEquals(9, records, "everything before it is read");
        }
        try (JournalReader atRest = new JournalReader(dir))
        {
            JournalReader.Status status;
            while ((status = atRest.next()) == JournalReader.Status.RECORD)
            {
                assertTrue(atRest.sequence() < 10);
            }
            assertEquals(JournalReader.Status.BROKEN, status, "at rest, altered bytes are damage");
        }
        // a closed segment is never rewritten: a live reader given one (a newer segment exists) reads it at rest
        final Path next = dir.resolve(JournalFormat.segmentName(11));
        Files.write(next, new byte[0]);
        try (JournalReader live = JournalReader.live(last.file()))
        {
            JournalReader.Status status;
            while ((status = live.next()) == JournalReader.Status.RECORD)
            {
                assertTrue(live.sequence() < 10);
            }
            assertEquals(JournalReader.Status.BROKEN, status, "a segment with a newer one after it is at rest");
        }
    }

    @Test
    void shouldStageARecordWrittenInPlaceExactlyAsOneAppendedAndDropOneAbandoned() throws IOException
    {
        final byte[] payload = "{\"in\":\"place\"}".getBytes(StandardCharsets.UTF_8);
        final Path other = dir.resolve("appended");
        try (JournalWriter inPlace = JournalWriter.open(dir); JournalWriter appended = JournalWriter.open(other))
        {
            final int dropped = inPlace.beginInPlace(RecordKind.CONTROL_ACCESS, 0, 1_000L, 100);
            System.arraycopy(payload, 0, inPlace.stagingArray(), dropped, payload.length);
            inPlace.abandonInPlace();
            final int at = inPlace.beginInPlace(RecordKind.CONTROL_ACCESS, 3, 2_000L, payload.length + 40);
            System.arraycopy(payload, 0, inPlace.stagingArray(), at, payload.length);
            assertEquals(1, inPlace.finishInPlace(payload.length));
            assertEquals(1, appended.append(RecordKind.CONTROL_ACCESS, 3, 2_000L, payload));
            assertThrows(IllegalStateException.class, () -> inPlace.finishInPlace(1), "nothing begun");
            inPlace.commit();
            appended.commit();
            assertArrayEquals(appended.root(), inPlace.root(), "the same record, the same leaf");
        }
        assertArrayEquals(JournalFixture.read(JournalFixture.locate(other).get(0)), JournalFixture.read(record(1)));
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(1, report.recordsVerified(), "the abandoned record left nothing behind");
    }

    @Test
    void shouldCallAlteredBytesInTheLastRecordModifiedNotTorn() throws IOException
    {
        writeRecords(10);
        final JournalFixture.Location last = record(10);
        flipByte(last.file(), last.offset() + 12);
        assertEquals(JournalVerifier.Finding.MODIFIED, JournalVerifier.verify(dir, null).finding());
        assertThrows(JournalDamagedException.class, () -> JournalWriter.open(dir).close(), "altered bytes are not a crash to tidy away");
    }

    @Test
    void shouldSetATornSegmentHeaderAsideAndCarryOnInThePreviousSegment() throws IOException
    {
        writeRecords(10);
        // a crash while creating segment 11: only part of its header reached the disk
        Files.write(dir.resolve(JournalFormat.segmentName(11)), new byte[] {0x4F, 0x47, 0x4A});
        assertEquals(JournalVerifier.Finding.TRUNCATED, JournalVerifier.verify(dir, null).finding());
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertTrue(writer.recoveryNote().contains("torn segment header"), writer.recoveryNote());
            assertEquals(11, writer.append(RecordKind.LIFECYCLE, 3, 1L, "{}".getBytes(StandardCharsets.UTF_8)));
        }
        assertVerifies(11);
    }

    @Test
    void shouldRefuseToAppendToADamagedJournal() throws IOException
    {
        writeRecords(10);
        final JournalFixture.Location at = record(3);
        flipByte(at.file(), at.offset() + JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.EPOCH_NANOS_OFFSET);
        final JournalDamagedException ex = assertThrows(JournalDamagedException.class, () -> JournalWriter.open(dir));
        assertTrue(ex.getMessage().contains("record 3"), ex.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAJournal() throws IOException
    {
        Files.writeString(dir.resolve(JournalFormat.segmentName(1)), "hello, not a journal segment at all");
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(JournalVerifier.Finding.MODIFIED, report.finding(), report.describe());
        assertTrue(report.problem().contains("not a journal segment"), report.problem());
    }

    @Test
    void shouldReadTheDirectoryWhenGivenTheVersionOneFileName() throws IOException
    {
        writeRecords(7);
        int count = 0;
        try (JournalReader reader = new JournalReader(dir.resolve(JournalFormat.FILE_NAME)))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                count++;
            }
        }
        assertEquals(7, count);
        assertTrue(JournalVerifier.verify(dir.resolve(JournalFormat.FILE_NAME), null).ok());
    }

    @Test
    void shouldRollSegmentsBySizeAndVerifyAcrossThemAndReopenTheLastOne() throws IOException
    {
        final List<Checkpoint> witnessed = fixture.write(dir, 3_000, 250, 8192, 42);
        final List<java.nio.file.Path> segments = JournalSegments.list(dir);
        assertTrue(segments.size() > 10, "segments: " + segments.size());
        for (final Path segment : segments)
        {
            assertTrue(Files.size(segment) <= 8192, segment + " is " + Files.size(segment));
        }
        final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, witnessed, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(3_000, report.recordsVerified());
        final byte[] segmentOne = Files.readAllBytes(segments.get(0));
        try (JournalWriter writer = JournalWriter.open(dir, 8192))
        {
            assertEquals(3_000, writer.lastSequence());
            assertArrayEquals(report.root(), writer.root(), "the frontier rebuilt from the last segment alone");
            for (int i = 0; i < 500; i++)
            {
                writer.append(RecordKind.LIFECYCLE, 0, i, "{\"again\":true}".getBytes(StandardCharsets.UTF_8));
            }
            writer.appendCheckpoint(99, fixture.signer);
        }
        assertArrayEquals(segmentOne, Files.readAllBytes(segments.get(0)), "a full segment is never rewritten");
        assertTrue(JournalVerifier.verify(dir, fixture.verifier, witnessed, null).ok());
    }

    @Test
    void shouldVerifyFromTheOldestRetainedSegmentWhenEarlierOnesWereRetired() throws IOException
    {
        final List<Checkpoint> witnessed = fixture.write(dir, 2_000, 100, 8192, 7);
        final List<Path> segments = JournalSegments.list(dir);
        Files.delete(segments.get(0));
        Files.delete(segments.get(1));
        final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, witnessed, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(JournalFormat.firstSequenceOf(segments.get(2).getFileName().toString()), report.firstSequence());
    }

    @Test
    void shouldCatchAnAlteredSegmentHeaderFrontier() throws IOException
    {
        fixture.write(dir, 600, 100, 4096, 3);
        final Path third = JournalSegments.list(dir).get(2);
        final byte[] bytes = Files.readAllBytes(third);
        bytes[JournalFormat.HEADER_FRONTIER_OFFSET] ^= 1;
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final int headerLength = JournalFormat.headerLength(JournalFormat.firstSequenceOf(third.getFileName().toString()));
        crc.update(bytes, 0, headerLength - 4);
        java.nio.ByteBuffer.wrap(bytes).order(JournalFormat.BYTE_ORDER).putInt(headerLength - 4, (int)crc.getValue());
        Files.write(third, bytes);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, null, null);
        assertEquals(JournalVerifier.Finding.MODIFIED, report.finding(), report.describe());
        assertTrue(report.problem().contains("frontier"), report.problem());
        assertTrue(report.problem().contains("header"), report.problem());
    }
}
