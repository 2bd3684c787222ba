package com.orderguard.core.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.orderguard.orderpath.crypto.Sha256;

/**
 * RFC 6962 (section 2.1) hashing: a leaf is SHA-256(0x00 ‖ data), an interior node is
 * SHA-256(0x01 ‖ left ‖ right), the empty tree is SHA-256(""). The two prefixes keep a leaf from
 * ever being passed off as a node (second-preimage resistance of the tree).
 * <p>
 * One instance per thread: it reuses one {@link Sha256} (the JDK's compression function called
 * directly, without {@code MessageDigest}'s per-digest bookkeeping, which cost as much as the
 * compressions for the journal's records) and writes into caller-supplied arrays, so hashing
 * allocates nothing.
 */
public final class MerkleHasher
{
    public static final int HASH_LENGTH = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final Sha256 digest = new Sha256();
    private final byte[] node = new byte[1 + 2 * HASH_LENGTH];

    public MerkleHasher()
    {
        this.node[0] = NODE_PREFIX;
    }

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }

    /** Writes SHA-256(0x00 ‖ data[offset, offset+length)) to {@code out[outOffset..+32)}. */
    public void leafHash(final byte[] data, final int offset, final int length, final byte[] out, final int outOffset)
    {
        digest.update(LEAF_PREFIX);
        digest.update(data, offset, length);
        finish(out, outOffset);
    }

    /**
     * Writes SHA-256(0x00 ‖ data[offset, offset+length)) when the caller guarantees
     * {@code data[offset - 1] == 0}: one digest call over the prefix and the data in place. The
     * journal's records qualify: the byte before a body is the high byte of its little-endian
     * length field, always zero because a body is far below 2^24 bytes.
     */
    public void leafHashAfterZeroByte(final byte[] data, final int offset, final int length, final byte[] out, final int outOffset)
    {
        if (data[offset - 1] != LEAF_PREFIX)
        {
            throw new IllegalArgumentException("the byte before the leaf data is not 0x00");
        }
        digest.update(data, offset - 1, length + 1);
        finish(out, outOffset);
    }

    /** Writes SHA-256(0x01 ‖ left ‖ right) to {@code out[outOffset..+32)}; out may alias left or right. */
    public void nodeHash(
        final byte[] left, final int leftOffset, final byte[] right, final int rightOffset, final byte[] out, final int outOffset)
    {
        // one digest call over a preassembled block is markedly cheaper than three small updates
        System.arraycopy(left, leftOffset, node, 1, HASH_LENGTH);
        System.arraycopy(right, rightOffset, node, 1 + HASH_LENGTH, HASH_LENGTH);
        digest.update(node, 0, node.length);
        finish(out, outOffset);
    }

    public byte[] leafHash(final byte[] data)
    {
        final byte[] out = new byte[HASH_LENGTH];
        leafHash(data, 0, data.length, out, 0);
        return out;
    }

    public byte[] nodeHash(final byte[] left, final byte[] right)
    {
        final byte[] out = new byte[HASH_LENGTH];
        nodeHash(left, 0, right, 0, out, 0);
        return out;
    }

    private void finish(final byte[] out, final int outOffset)
    {
        digest.digest(out, outOffset);
    }
}
