package com.orderguard.core.audit;

import java.security.MessageDigest;

/**
 * Checking RFC 6962 proofs with the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. This is
 * what an outside party runs: it needs only hashes, sizes and the proof, never the journal.
 */
public final class MerkleProofs
{
    private static final int H = MerkleHasher.HASH_LENGTH;

    private MerkleProofs()
    {
    }

    /** True when {@code proof} shows the leaf with hash {@code leafHash} at 0-based {@code index} is in the tree with {@code root}. */
    public static boolean verifyInclusion(
        final MerkleHasher hasher, final long index, final long treeSize, final byte[] leafHash, final byte[][] proof, final byte[] root)
    {
        final byte[] computed = rootFromInclusionProof(hasher, index, treeSize, leafHash, proof);
        return computed != null && isHash(root) && MessageDigest.isEqual(computed, root);
    }

    /** The root the proof leads to, or null when the proof cannot belong to that index and size. */
    public static byte[] rootFromInclusionProof(
        final MerkleHasher hasher, final long index, final long treeSize, final byte[] leafHash, final byte[][] proof)
    {
        if (index < 0 || index >= treeSize || !isHash(leafHash) || proof == null)
        {
            return null;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash.clone();
        for (final byte[] p : proof)
        {
            if (sn == 0 || !isHash(p))
            {
                return null;
            }
            if ((fn & 1L) == 1L || fn == sn)
            {
                r = hasher.nodeHash(p, r);
                if ((fn & 1L) == 0L)
                {
                    while ((fn & 1L) == 0L && fn != 0)
                    {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            }
            else
            {
                r = hasher.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** True when {@code proof} shows the tree ({@code size1}, {@code root1}) is a prefix of ({@code size2}, {@code root2}). */
    public static boolean verifyConsistency(
        final MerkleHasher hasher, final long size1, final long size2, final byte[][] proof, final byte[] root1, final byte[] root2)
    {
        if (size1 < 0 || size2 < size1 || proof == null)
        {
            return false;
        }
        if (size1 == size2)
        {
            return proof.length == 0 && isHash(root1) && isHash(root2) && MessageDigest.isEqual(root1, root2);
        }
        if (size1 == 0)
        {
            return proof.length == 0;
        }
        if (proof.length == 0 || !isHash(root1) || !isHash(root2))
        {
            return false;
        }
        final byte[][] path;
        if (Long.bitCount(size1) == 1)
        {
            path = new byte[proof.length + 1][];
            path[0] = root1;
            System.arraycopy(proof, 0, path, 1, proof.length);
        }
        else
        {
            path = proof;
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1L) == 1L)
        {
            fn >>>= 1;
            sn >>>= 1;
        }
        if (!isHash(path[0]))
        {
            return false;
        }
        byte[] fr = path[0].clone();
        byte[] sr = path[0].clone();
        for (int i = 1; i < path.length; i++)
        {
            final byte[] c = path[i];
            if (sn == 0 || !isHash(c))
            {
                return false;
            }
            if ((fn & 1L) == 1L || fn == sn)
            {
                fr = hasher.nodeHash(c, fr);
                sr = hasher.nodeHash(c, sr);
                if ((fn & 1L) == 0L)
                {
                    while ((fn & 1L) == 0L && fn != 0)
                    {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            }
            else
            {
                sr = hasher.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }

    private static boolean isHash(final byte[] hash)
    {
        return hash != null && hash.length == H;
    }
}
