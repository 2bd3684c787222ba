package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Proofs served from the journal on request: an inclusion proof for one record, and a consistency
 * proof between two tree sizes (what an outside witness asks for before it accepts a newer
 * checkpoint: that the new tree extends the one it already holds). Each call reads the journal's
 * records up to the larger size and rebuilds that part of the tree (about 64 bytes a record in
 * memory); call from a worker thread. A witness checks the answer with {@link MerkleProofs}.
 */
public final class JournalProofs
{
    private JournalProofs()
    {
    }

    /** The tree over the journal's first {@code treeSize} records. */
    public static MerkleTree tree(final Path journal, final long treeSize) throws IOException
    {
        final MerkleHasher hasher = new MerkleHasher();
        final MerkleTree tree = new MerkleTree(hasher);
        final byte[] leaf = new byte[MerkleHasher.HASH_LENGTH];
        try (JournalReader reader = JournalReader.live(journal))
        {
            while (tree.size() < treeSize)
            {
                final JournalReader.Status status = reader.next();
                if (status != JournalReader.Status.RECORD)
                {
                    throw new IOException("the journal holds " + tree.size() + " readable records, fewer than " + treeSize +
                        (status == JournalReader.Status.END ? "" : ": " + reader.problem()));
                }
                if (reader.sequence() != tree.size() + 1)
                {
                    throw new IOException("proofs need the journal from record 1; it starts at " + reader.sequence());
                }
                reader.leafHash(hasher, leaf, 0);
                tree.appendLeafHash(leaf, 0);
            }
        }
        return tree;
    }

    /** The audit path of record {@code sequence} (1-based) in the tree of {@code treeSize} records. */
    public static byte[][] inclusion(final Path journal, final long sequence, final long treeSize) throws IOException
    {
        if (sequence < 1 || sequence > treeSize)
        {
            throw new IllegalArgumentException("record " + sequence + " is not in a tree of " + treeSize);
        }
        return tree(journal, treeSize).inclusionProof(sequence - 1, treeSize);
    }

    /** The proof that the tree of {@code size1} records is a prefix of the tree of {@code size2}. */
    public static byte[][] consistency(final Path journal, final long size1, final long size2) throws IOException
    {
        if (size1 < 0 || size1 > size2)
        {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
        }
        return tree(journal, size2).consistencyProof(size1, size2);
    }
}
