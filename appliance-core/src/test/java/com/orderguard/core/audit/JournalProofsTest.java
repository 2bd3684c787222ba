package com.orderguard.core.audit;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** What a witness does before accepting a newer checkpoint, and what a regulator does with one record. */
class JournalProofsTest
{
    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();
    private final MerkleHasher hasher = new MerkleHasher();

    @Test
    void shouldProveEachWitnessedCheckpointExtendsTheOneBefore() throws Exception
    {
        final List<Checkpoint> witnessed = fixture.write(dir, 1_000, 97, 8192, 5);
        for (int i = 1; i < witnessed.size(); i++)
        {
            final Checkpoint older = witnessed.get(i - 1);
            final Checkpoint newer = witnessed.get(i);
            assertTrue(fixture.verifier.verify(newer));
            final byte[][] proof = JournalProofs.consistency(dir, older.treeSize(), newer.treeSize());
            assertTrue(MerkleProofs.verifyConsistency(hasher, older.treeSize(), newer.treeSize(), proof, older.root(), newer.root()),
                older + " -> " + newer);
            final byte[] forkedRoot = older.root().clone();
            forkedRoot[0] ^= 1;
            assertFalse(MerkleProofs.verifyConsistency(hasher, older.treeSize(), newer.treeSize(), proof, forkedRoot, newer.root()));
        }
    }

    @Test
    void shouldProveARecordIsInASignedTree() throws Exception
    {
        final List<Checkpoint> witnessed = fixture.write(dir, 500, 120, 1L << 30, 6);
        final Checkpoint checkpoint = witnessed.get(witnessed.size() - 1);
        final List<JournalFixture.Location> records = JournalFixture.locate(dir);
        for (final long sequence : new long[] {1, 2, 250, checkpoint.treeSize()})
        {
            final byte[] record = JournalFixture.read(records.get((int)sequence - 1));
            final byte[] body = java.util.Arrays.copyOfRange(record, JournalFormat.LENGTH_FIELD_LENGTH, record.length - JournalFormat.CRC_LENGTH);
            final byte[][] proof = JournalProofs.inclusion(dir, sequence, checkpoint.treeSize());
            assertTrue(MerkleProofs.verifyInclusion(hasher, sequence - 1, checkpoint.treeSize(), hasher.leafHash(body), proof, checkpoint.root()),
                "record " + sequence);
        }
        assertThrows(IllegalArgumentException.class, () -> JournalProofs.inclusion(dir, 0, 10));
        assertThrows(java.io.IOException.class, () -> JournalProofs.inclusion(dir, 1, 10_000));
    }
}
