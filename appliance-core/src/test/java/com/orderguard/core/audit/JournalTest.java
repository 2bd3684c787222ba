package com.orderguard.core.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class JournalTest
{
    @TempDir
    Path dir;

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

    private long offsetOfRecord(final long sequence) throws IOException
    {
        try (JournalReader reader = new JournalReader(dir.resolve(JournalFormat.FILE_NAME)))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.sequence() == sequence)
                {
                    return reader.recordOffset();
                }
            }
        }
        throw new AssertionError("no record " + sequence);
    }

    private void flipByte(final long offset) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(JournalFormat.FILE_NAME).toFile(), "rw"))
        {
            file.seek(offset);
            final int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x01);
        }
    }

    @Test
    void shouldVerifyAnUntamperedJournal() throws IOException
    {
        assertEquals(100, writeRecords(100));
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(100, report.recordsVerified());
    }

    @Test
    void shouldNameTheRecordWhosePayloadByteWasFlipped() throws IOException
    {
        writeRecords(50);
        flipByte(offsetOfRecord(23) + JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.PAYLOAD_OFFSET + 3);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(23, report.firstBadSequence(), report.describe());
        assertEquals(22, report.recordsVerified());
    }

    @Test
    void shouldNameTheRecordWhoseHashByteWasFlipped() throws IOException
    {
        writeRecords(10);
        // record 5 is i = 4: an ORDER_PATH record with a 40-byte payload; its last byte is the hash's
        flipByte(offsetOfRecord(5) + JournalFormat.recordLength(40) - 1);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(5, report.firstBadSequence(), report.describe());
    }

    @Test
    void shouldNameTheRecordWhoseLengthFieldWasFlipped() throws IOException
    {
        writeRecords(10);
        flipByte(offsetOfRecord(8) + 2);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertEquals(8, report.firstBadSequence(), report.describe());
    }

    @Test
    void shouldContinueTheChainAcrossReopen() throws IOException
    {
        writeRecords(10);
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertNull(writer.recoveryNote());
            assertEquals(11, writer.append(RecordKind.LIFECYCLE, 0, 5L, "{}".getBytes(StandardCharsets.UTF_8)));
            writer.commit();
        }
        assertTrue(JournalVerifier.verify(dir, null).ok());
        assertEquals(11, JournalVerifier.verify(dir, null).recordsVerified());
    }

    @Test
    void shouldCutATornFinalRecordOnReopenAndKeepEverythingBeforeIt() throws IOException
    {
        writeRecords(10);
        final Path file = dir.resolve(JournalFormat.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(raf.length() - 5);
        }
        assertFalse(JournalVerifier.verify(dir, null).ok());
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            assertNotNull(writer.recoveryNote());
            assertEquals(9, writer.lastSequence());
        }
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(9, report.recordsVerified());
    }

    @Test
    void shouldRefuseToAppendToADamagedJournal() throws IOException
    {
        writeRecords(10);
        flipByte(offsetOfRecord(3) + JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.EPOCH_NANOS_OFFSET);
        final JournalDamagedException ex = assertThrows(JournalDamagedException.class, () -> JournalWriter.open(dir));
        assertTrue(ex.getMessage().contains("record 3"), ex.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAJournal() throws IOException
    {
        Files.writeString(dir.resolve(JournalFormat.FILE_NAME), "hello, not a journal");
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertFalse(report.ok());
        assertTrue(report.problem().contains("BAD_HEADER"), report.problem());
    }
}
