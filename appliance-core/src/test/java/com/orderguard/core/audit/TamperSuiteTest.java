package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.core.audit.JournalFixture.Location;
import com.orderguard.core.audit.JournalVerifier.Finding;
import com.orderguard.core.audit.JournalVerifier.Report;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tamper suite: for each kind of tampering, on journals of various sizes, segment sizes and
 * checkpoint intervals (seeded, so a failure names its seed and replays), the verifier names the
 * kind and the record; an untampered journal always verifies. Plain JUnit loops.
 */
class TamperSuiteTest
{
    private static final long SEED = Long.getLong("tamper.seed", 20261122L);
    private static final int ROUNDS = Integer.getInteger("tamper.rounds", 4);
    private static final int[] SIZES = {3, 17, 64, 257, 1_500};

    @TempDir
    Path root;

    private final JournalFixture fixture = new JournalFixture();
    private int journals;

    private record Journal(Path dir, List<Checkpoint> witness, List<Location> records, int size)
    {
    }

    private Journal journal(final Random random, final int size, final boolean oneSegment) throws IOException
    {
        final Path dir = root.resolve("j" + journals++);
        final int checkpointEvery = Math.max(1, size / 8) + random.nextInt(size / 4 + 1);
        final long segmentBytes = oneSegment ? 1L << 30 : 4096 + random.nextInt(16_384);
        final List<Checkpoint> witness = fixture.write(dir, size, checkpointEvery, segmentBytes, random.nextLong());
        return new Journal(dir, witness, JournalFixture.locate(dir), size);
    }

    /** One pass and segments-in-parallel must agree on every journal, tampered or not. */
    private Report verify(final Journal journal) throws IOException
    {
        return bothWays(journal.dir, journal.witness);
    }

    private Report verifyWithoutWitness(final Journal journal) throws IOException
    {
        return bothWays(journal.dir, null);
    }

    private Report bothWays(final Path dir, final List<Checkpoint> witness) throws IOException
    {
        final Report onePass = JournalVerifier.verify(dir, fixture.verifier, witness, null, 1);
        final Report parallel = JournalVerifier.verify(dir, fixture.verifier, witness, null, 3);
        assertEquals(onePass.ok(), parallel.ok(), onePass.describe() + " | " + parallel.describe());
        assertEquals(onePass.finding(), parallel.finding(), onePass.describe() + " | " + parallel.describe());
        assertEquals(onePass.firstBadSequence(), parallel.firstBadSequence(), onePass.describe() + " | " + parallel.describe());
        assertEquals(onePass.recordsVerified(), parallel.recordsVerified(), onePass.describe() + " | " + parallel.describe());
        if (onePass.ok())
        {
            assertArrayEquals(onePass.root(), parallel.root());
            assertEquals(onePass.checkpointsVerified(), parallel.checkpointsVerified());
            assertEquals(onePass.witnessedChecked(), parallel.witnessedChecked());
            assertEquals(onePass.uncheckpointedTail(), parallel.uncheckpointedTail());
        }
        return onePass;
    }

    private static void expect(final Finding finding, final long sequence, final Report report, final String what)
    {
        assertFalse(report.ok(), what + ": verified, but should not: " + report.describe());
        assertEquals(finding, report.finding(), what + ": " + report.describe());
        if (sequence > 0)
        {
            assertEquals(sequence, report.firstBadSequence(), what + ": " + report.describe());
        }
    }

    @Test
    void shouldAlwaysVerifyAnUntamperedJournal() throws IOException
    {
        final Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS * 4; round++)
        {
            final int size = 1 + random.nextInt(2_000);
            final Journal journal = journal(random, size, random.nextBoolean());
            final Report report = verify(journal);
            assertTrue(report.ok(), "seed " + SEED + " round " + round + ": " + report.describe());
            // size records, or one more when a roll put a segment summary before the final checkpoint
            assertEquals(journal.witness.get(journal.witness.size() - 1).treeSize() + 1, report.recordsVerified());
            assertTrue(report.recordsVerified() - size <= 1, report.recordsVerified() + " records for " + size);
            assertEquals(journal.witness.size(), report.checkpointsVerified());
            assertEquals(journal.witness.size(), report.witnessedChecked());
        }
    }

    @Test
    void shouldNameAModifiedRecord() throws IOException
    {
        final Random random = new Random(SEED + 1);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final Location victim = journal.records.get(random.nextInt(size));
                final byte[] record = JournalFixture.read(victim);
                record[JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.EPOCH_NANOS_OFFSET + random.nextInt(8)] ^=
                    (byte)(1 << random.nextInt(8));
                JournalFixture.splice(victim.file(), victim.offset(), victim.length(), record);
                expect(Finding.MODIFIED, victim.sequence(), verify(journal), "size " + size + " modified " + victim.sequence());
            }
        }
    }

    @Test
    void shouldNameTheRangeOfARecordModifiedWithItsChecksumRecomputed() throws IOException
    {
        final Random random = new Random(SEED + 2);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final Location victim = journal.records.get(random.nextInt(size));
                if (victim.kind() == RecordKind.CHECKPOINT.code())
                {
                    continue; // its signature covers it: the bad-signature case below
                }
                final byte[] record = JournalFixture.read(victim);
                record[record.length - JournalFormat.CRC_LENGTH - 1] ^= 0x20;
                JournalFixture.fixCrc(record);
                JournalFixture.splice(victim.file(), victim.offset(), victim.length(), record);
                final Report report = verify(journal);
                expect(Finding.MODIFIED, 0, report, "size " + size + " silently modified " + victim.sequence());
                assertTrue(report.firstBadSequence() <= victim.sequence(), report.describe());
                assertTrue(report.problem().contains(".." ), report.describe());
                final long end = Long.parseLong(report.problem().replaceAll(".*records \\d+\\.\\.(\\d+) do not.*", "$1"));
                assertTrue(victim.sequence() <= end, "the named range holds the victim " + victim.sequence() + ": " + report.describe());
            }
        }
    }

    @Test
    void shouldNameADeletedRecord() throws IOException
    {
        final Random random = new Random(SEED + 3);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final Location victim = journal.records.get(random.nextInt(size - 1)); // deleting the last one is a truncation
                JournalFixture.splice(victim.file(), victim.offset(), victim.length(), new byte[0]);
                if (Files.size(victim.file()) == JournalFormat.headerLength(victim.sequence()) &&
                    JournalFormat.firstSequenceOf(victim.file().getFileName().toString()) == victim.sequence())
                {
                    // the segment held only this record; its neighbour's header now names the gap
                }
                expect(Finding.DELETED, victim.sequence(), verify(journal), "size " + size + " deleted " + victim.sequence());
            }
        }
    }

    @Test
    void shouldNameADeletedRecordEvenWhenTheLaterSequencesWereRewritten() throws IOException
    {
        final Random random = new Random(SEED + 4);
        for (final int size : new int[] {17, 64, 257, 1_500})
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, true);
                final Location victim = journal.records.get(random.nextInt(size - 1));
                JournalFixture.splice(victim.file(), victim.offset(), victim.length(), new byte[0]);
                JournalFixture.renumberFrom(journal.dir, victim.sequence() + 1, -1);
                final Report report = verify(journal);
                assertFalse(report.ok(), report.describe());
                assertTrue(report.finding() == Finding.DELETED || report.finding() == Finding.TRUNCATED, report.describe());
                assertTrue(report.firstBadSequence() <= victim.sequence() + 1, report.describe());
            }
        }
    }

    @Test
    void shouldNameAnInsertedRecord() throws IOException
    {
        final Random random = new Random(SEED + 5);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final int index = random.nextInt(size);
                final Location before = journal.records.get(index);
                final long claimed = switch (random.nextInt(4))
                {
                    case 0 -> before.sequence();                             // the next sequence: the original then repeats it
                    case 1 -> 1 + random.nextInt((int)before.sequence());    // an earlier sequence
                    case 2 -> before.sequence() + random.nextInt(size - index); // a later sequence that will come again
                    default -> size + 10 + random.nextInt(1000);             // a sequence beyond the end
                };
                JournalFixture.splice(before.file(), before.offset(), 0, JournalFixture.forgedRecord(claimed, "{\"forged\":true}"));
                final Report report = verify(journal);
                expect(Finding.INSERTED, 0, report, "size " + size + " inserted claiming " + claimed + " before " + before.sequence());
                assertTrue(report.firstBadSequence() == before.sequence() || report.firstBadSequence() == before.sequence() + 1,
                    report.describe());
            }
        }
    }

    @Test
    void shouldNameAnInsertedRecordEvenWhenTheLaterSequencesWereRewritten() throws IOException
    {
        final Random random = new Random(SEED + 6);
        for (final int size : new int[] {17, 64, 257, 1_500})
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, true);
                final Location before = journal.records.get(random.nextInt(size - 1));
                JournalFixture.renumberFrom(journal.dir, before.sequence(), +1);
                JournalFixture.splice(before.file(), before.offset(), 0, JournalFixture.forgedRecord(before.sequence(), "{\"forged\":1}"));
                final Report report = verifyWithoutWitness(journal);
                expect(Finding.INSERTED, 0, report, "size " + size + " inserted and renumbered at " + before.sequence());
                assertTrue(report.firstBadSequence() <= before.sequence(), report.describe());
            }
        }
    }

    @Test
    void shouldNameReorderedRecords() throws IOException
    {
        final Random random = new Random(SEED + 7);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final int index = random.nextInt(size - 1);
                final Location first = journal.records.get(index);
                final Location second = journal.records.get(index + 1);
                if (!first.file().equals(second.file()))
                {
                    continue; // a swap across two segment files is a pair of modified headers; covered by the header test
                }
                final byte[] a = JournalFixture.read(first);
                final byte[] b = JournalFixture.read(second);
                final byte[] swapped = ByteBuffer.allocate(a.length + b.length).put(b).put(a).array();
                JournalFixture.splice(first.file(), first.offset(), a.length + b.length, swapped);
                expect(Finding.REORDERED, first.sequence(), verify(journal), "size " + size + " swapped " + first.sequence());
            }
        }
    }

    @Test
    void shouldNameATruncationAgainstTheWitness() throws IOException
    {
        final Random random = new Random(SEED + 8);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final Location cut = journal.records.get(1 + random.nextInt(size - 1));
                truncateAt(journal, cut);
                expect(Finding.TRUNCATED, cut.sequence(), verify(journal), "size " + size + " cut at " + cut.sequence());
            }
        }
    }

    @Test
    void shouldNotSeeACutAtARecordBoundaryWithoutAWitnessWhichIsWhyThereIsOne() throws IOException
    {
        final Journal journal = journal(new Random(SEED + 9), 257, true);
        truncateAt(journal, journal.records.get(200));
        assertTrue(verifyWithoutWitness(journal).ok());
        assertEquals(Finding.TRUNCATED, verify(journal).finding());
    }

    private static void truncateAt(final Journal journal, final Location cut) throws IOException
    {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(cut.file().toFile(), "rw"))
        {
            file.setLength(cut.offset());
        }
        try (Stream<Path> files = Files.list(journal.dir))
        {
            for (final Path later : files.sorted(Comparator.naturalOrder()).toList())
            {
                if (JournalFormat.firstSequenceOf(later.getFileName().toString()) > cut.sequence())
                {
                    Files.delete(later);
                }
            }
        }
    }

    @Test
    void shouldNameAForkAgainstTheWitness() throws IOException
    {
        final Random random = new Random(SEED + 10);
        for (final int size : new int[] {17, 64, 257, 1_500})
        {
            for (int round = 0; round < ROUNDS / 2; round++)
            {
                final long seed = random.nextLong();
                final int every = Math.max(1, size / 8) + random.nextInt(size / 4 + 1);
                final Path a = root.resolve("fork-a" + journals);
                final Path b = root.resolve("fork-b" + journals++);
                final List<Checkpoint> witnessA = fixture.write(a, size, every, 1L << 30, seed);
                // The same key, a history that differs from the start: an insider presenting another journal.
                fixture.write(b, size, every, 1L << 30, seed + 1);
                final Report honestB = JournalVerifier.verify(b, fixture.verifier, null, null);
                assertTrue(honestB.ok(), "the fork is internally consistent and signed: " + honestB.describe());
                final Report report = bothWays(b, witnessA);
                expect(Finding.FORKED, 0, report, "size " + size + " fork");
                assertEquals(witnessA.get(0).treeSize(), report.firstBadSequence(), report.describe());
            }
        }
    }

    @Test
    void shouldNameABadCheckpointSignature() throws IOException
    {
        final Random random = new Random(SEED + 11);
        for (final int size : SIZES)
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final Journal journal = journal(random, size, random.nextBoolean());
                final List<Location> checkpoints = journal.records.stream().filter(l -> l.kind() == RecordKind.CHECKPOINT.code()).toList();
                final Location victim = checkpoints.get(random.nextInt(checkpoints.size()));
                final byte[] record = JournalFixture.read(victim);
                // the signed root, or a byte of the signature itself
                final int at = random.nextBoolean() ? JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.PAYLOAD_OFFSET + 8 + random.nextInt(32) :
                    record.length - JournalFormat.CRC_LENGTH - 1 - random.nextInt(8);
                record[at] ^= 0x04;
                JournalFixture.fixCrc(record);
                JournalFixture.splice(victim.file(), victim.offset(), victim.length(), record);
                expect(Finding.BAD_SIGNATURE, victim.sequence(), verifyWithoutWitness(journal), "size " + size + " checkpoint " + victim.sequence());
            }
        }
    }

    @Test
    void shouldNameABadSignatureOnAWitnessedCheckpoint() throws IOException
    {
        final Journal journal = journal(new Random(SEED + 12), 64, true);
        final Checkpoint real = journal.witness.get(0);
        final byte[] signature = real.signature().clone();
        signature[signature.length - 1] ^= 1;
        final List<Checkpoint> forged = List.of(new Checkpoint(real.treeSize(), real.root(), real.epochNanos(), signature));
        final Report report = JournalVerifier.verify(journal.dir, fixture.verifier, forged, null);
        expect(Finding.BAD_SIGNATURE, real.treeSize(), report, "witness");
    }

    @Test
    void shouldRejectEverySignatureUnderAnotherKey() throws IOException
    {
        final Journal journal = journal(new Random(SEED + 13), 64, true);
        final Report report = JournalVerifier.verify(journal.dir, new JournalFixture().verifier, null, null);
        expect(Finding.BAD_SIGNATURE, 0, report, "another key");
    }
}
