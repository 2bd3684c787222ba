package com.orderguard.core.audit;

import java.util.Arrays;

/**
 * The right frontier of a Merkle tree of {@code size} leaves: the roots of its perfect subtrees,
 * largest first, one per set bit of {@code size} (what transparency-dev calls a compact range
 * [0, size)). Appending a leaf merges equal-sized subtrees like a binary counter carries, so an
 * append costs O(log n) hashes at most and one on average, and the tree is never reread.
 * <p>
 * The root folds the subtrees right to left: root = H(s0, H(s1, ... H(s(k-2), s(k-1)))).
 * Preallocated (64 slots cover any long size); not thread-safe.
 */
public final class CompactRange
{
    private static final int MAX_HASHES = 64;
    private static final int H = MerkleHasher.HASH_LENGTH;

    private final MerkleHasher hasher;
    private final byte[] hashes = new byte[MAX_HASHES * H];
    private final byte[] fold = new byte[H];
    private int count;
    private long size;

    public CompactRange(final MerkleHasher hasher)
    {
        this.hasher = hasher;
    }

    /** Number of leaves covered. */
    public long size()
    {
        return size;
    }

    /** Number of perfect-subtree hashes held: {@code Long.bitCount(size)}. */
    public int hashCount()
    {
        return count;
    }

    /** Appends one leaf hash read from {@code leaf[offset..+32)}. */
    public void append(final byte[] leaf, final int offset)
    {
        System.arraycopy(leaf, offset, hashes, count * H, H);
        count++;
        long s = size;
        while ((s & 1L) == 1L)
        {
            // merge the two rightmost subtrees of equal size
            final int left = (count - 2) * H;
            hasher.nodeHash(hashes, left, hashes, left + H, hashes, left);
            count--;
            s >>>= 1;
        }
        size++;
    }

    /** Writes the root of the tree of {@link #size()} leaves to {@code out[offset..+32)}. */
    public void root(final byte[] out, final int offset)
    {
        if (count == 0)
        {
            System.arraycopy(MerkleHasher.emptyRoot(), 0, out, offset, H);
            return;
        }
        System.arraycopy(hashes, (count - 1) * H, fold, 0, H);
        for (int i = count - 2; i >= 0; i--)
        {
            hasher.nodeHash(hashes, i * H, fold, 0, fold, 0);
        }
        System.arraycopy(fold, 0, out, offset, H);
    }

    public byte[] root()
    {
        final byte[] out = new byte[H];
        root(out, 0);
        return out;
    }

    /** The subtree hashes, largest first, {@code hashCount() * 32} bytes. */
    public byte[] hashes()
    {
        return Arrays.copyOf(hashes, count * H);
    }

    /**
     * Restores a frontier saved with {@link #hashes()} (a segment header does this).
     *
     * @throws IllegalArgumentException when the hash count does not match the size.
     */
    public void reset(final long size, final byte[] frontier, final int offset, final int length)
    {
        if (size < 0 || length != Long.bitCount(size) * H)
        {
            throw new IllegalArgumentException("a frontier of " + length + " bytes cannot describe a tree of " + size + " leaves");
        }
        System.arraycopy(frontier, offset, hashes, 0, length);
        this.count = Long.bitCount(size);
        this.size = size;
    }

    public void copyFrom(final CompactRange other)
    {
        System.arraycopy(other.hashes, 0, hashes, 0, other.count * H);
        this.count = other.count;
        this.size = other.size;
    }
}
