package com.orderguard.core.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory RFC 6962 tree that keeps every perfect subtree's hash, level by level, so that
 * inclusion and consistency proofs for any earlier tree size cost O(log² n) hashes at most and
 * never reread the journal. Built by the exporter and the proof service from a verified pass over
 * the journal; the writer itself needs only a {@link CompactRange}.
 * <p>
 * Level k holds the hash of each aligned perfect subtree of 2^k leaves; the levels together take
 * about 64 bytes a leaf. A level is one array, so one tree holds up to 2^26 (67M) leaves.
 */
public final class MerkleTree
{
    private static final int H = MerkleHasher.HASH_LENGTH;
    private static final int MAX_LEAVES = 1 << 26;

    private final MerkleHasher hasher;
    private final List<byte[]> levels = new ArrayList<>();
    private final List<long[]> counts = new ArrayList<>();
    private final byte[] scratch = new byte[H];
    private long size;

    public MerkleTree(final MerkleHasher hasher)
    {
        this.hasher = hasher;
    }

    public long size()
    {
        return size;
    }

    /** Appends a leaf hash read from {@code leaf[offset..+32)}. */
    public void appendLeafHash(final byte[] leaf, final int offset)
    {
        if (size >= MAX_LEAVES)
        {
            throw new IllegalStateException("an in-memory proof tree holds at most " + MAX_LEAVES + " leaves");
        }
        put(0, size, leaf, offset);
        long index = size;
        int level = 0;
        while ((index & 1L) == 1L)
        {
            final byte[] row = levels.get(level);
            final int left = (int)(index - 1) * H;
            hasher.nodeHash(row, left, row, left + H, scratch, 0);
            index >>>= 1;
            level++;
            put(level, index, scratch, 0);
        }
        size++;
    }

    private void put(final int level, final long index, final byte[] hash, final int offset)
    {
        while (levels.size() <= level)
        {
            levels.add(new byte[H * 16]);
            counts.add(new long[1]);
        }
        byte[] row = levels.get(level);
        final int at = (int)index * H;
        if (at + H > row.length)
        {
            row = Arrays.copyOf(row, Math.max(at + H, row.length * 2));
            levels.set(level, row);
        }
        System.arraycopy(hash, offset, row, at, H);
        counts.get(level)[0] = index + 1;
    }

    /** The leaf hash at a 0-based index. */
    public byte[] leafHash(final long index)
    {
        checkRange(index + 1);
        return Arrays.copyOfRange(levels.get(0), (int)index * H, (int)index * H + H);
    }

    /** The root of the tree made of the first {@code treeSize} leaves. */
    public byte[] root(final long treeSize)
    {
        checkRange(treeSize);
        if (treeSize == 0)
        {
            return MerkleHasher.emptyRoot();
        }
        return subtree(0, treeSize);
    }

    /** MTH(D[start:end)), RFC 6962 section 2.1, from the stored perfect subtrees. */
    private byte[] subtree(final long start, final long end)
    {
        final long n = end - start;
        if (Long.bitCount(n) == 1)
        {
            final int level = Long.numberOfTrailingZeros(n);
            final int at = (int)(start >>> level) * H;
            return Arrays.copyOfRange(levels.get(level), at, at + H);
        }
        final long k = Long.highestOneBit(n - 1);
        final byte[] left = subtree(start, start + k);
        final byte[] right = subtree(start + k, end);
        return hasher.nodeHash(left, right);
    }

    /**
     * The audit path for the leaf at 0-based {@code index} in the tree of {@code treeSize} leaves,
     * deepest sibling first (RFC 6962 section 2.1.1).
     */
    public byte[][] inclusionProof(final long index, final long treeSize)
    {
        checkRange(treeSize);
        if (index < 0 || index >= treeSize)
        {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize);
        }
        final List<byte[]> path = new ArrayList<>();
        path(index, 0, treeSize, path);
        return path.toArray(new byte[0][]);
    }

    private void path(final long m, final long start, final long n, final List<byte[]> out)
    {
        if (n == 1)
        {
            return;
        }
        final long k = Long.highestOneBit(n - 1);
        if (m < k)
        {
            path(m, start, k, out);
            out.add(subtree(start + k, start + n));
        }
        else
        {
            path(m - k, start + k, n - k, out);
            out.add(subtree(start, start + k));
        }
    }

    /** The proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2} (RFC 6962 2.1.2). */
    public byte[][] consistencyProof(final long size1, final long size2)
    {
        checkRange(size2);
        if (size1 < 0 || size1 > size2)
        {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
        }
        final List<byte[]> proof = new ArrayList<>();
        if (size1 > 0 && size1 < size2)
        {
            subproof(size1, 0, size2, true, proof);
        }
        return proof.toArray(new byte[0][]);
    }

    private void subproof(final long m, final long start, final long n, final boolean complete, final List<byte[]> out)
    {
        if (m == n)
        {
            if (!complete)
            {
                out.add(subtree(start, start + n));
            }
            return;
        }
        final long k = Long.highestOneBit(n - 1);
        if (m <= k)
        {
            subproof(m, start, k, complete, out);
            out.add(subtree(start + k, start + n));
        }
        else
        {
            subproof(m - k, start + k, n - k, false, out);
            out.add(subtree(start, start + k));
        }
    }

    private void checkRange(final long treeSize)
    {
        if (treeSize < 0 || treeSize > size)
        {
            throw new IllegalArgumentException("tree size " + treeSize + " is beyond the " + size + " leaves held");
        }
    }
}
