package com.orderguard.core.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Merkle hashing and proofs against the published RFC 6962 test vectors of
 * transparency-dev/merkle (testonly/constants.go and proof/verify_test.go: eight leaf inputs,
 * every root for sizes 0..8, inclusion and consistency proofs), then seeded randomized checks of
 * the compact range, the proof generator and the proof checker against a textbook recursive MTH.
 */
class MerkleTest
{
    private static final HexFormat HEX = HexFormat.of();

    private static final String[] LEAF_INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};

    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static final String[] LEAF_HASHES = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"};

    /** {1-based leaf, tree size, proof...} from proof/verify_test.go. */
    private static final String[][] INCLUSION = {
        {"1", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
        {"6", "8", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
        {"3", "3", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"},
        {"2", "5", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
        {"1", "1"}};

    /** {size1, size2, proof...} from proof/verify_test.go. */
    private static final String[][] CONSISTENCY = {
        {"1", "1"},
        {"1", "8", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
        {"6", "8", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
        {"2", "5", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
        {"6", "7", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}};

    private final MerkleHasher hasher = new MerkleHasher();

    private MerkleTree vectorTree()
    {
        final MerkleTree tree = new MerkleTree(hasher);
        for (final String input : LEAF_INPUTS)
        {
            tree.appendLeafHash(hasher.leafHash(HEX.parseHex(input)), 0);
        }
        return tree;
    }

    private static byte[][] proof(final String[] row)
    {
        final byte[][] proof = new byte[row.length - 2][];
        for (int i = 2; i < row.length; i++)
        {
            proof[i - 2] = HEX.parseHex(row[i]);
        }
        return proof;
    }

    @Test
    void shouldHashLeavesAsThePublishedVectors()
    {
        for (int i = 0; i < LEAF_INPUTS.length; i++)
        {
            assertEquals(LEAF_HASHES[i], HEX.formatHex(hasher.leafHash(HEX.parseHex(LEAF_INPUTS[i]))), "leaf " + i);
        }
    }

    @Test
    void shouldComputeThePublishedRootForEveryTreeSize()
    {
        final CompactRange range = new CompactRange(hasher);
        assertEquals(ROOTS[0], HEX.formatHex(range.root()));
        final MerkleTree tree = vectorTree();
        for (int size = 1; size <= LEAF_INPUTS.length; size++)
        {
            range.append(hasher.leafHash(HEX.parseHex(LEAF_INPUTS[size - 1])), 0);
            assertEquals(ROOTS[size], HEX.formatHex(range.root()), "compact range, size " + size);
            assertEquals(ROOTS[size], HEX.formatHex(tree.root(size)), "tree, size " + size);
        }
    }

    @Test
    void shouldGenerateAndAcceptThePublishedInclusionProofs()
    {
        final MerkleTree tree = vectorTree();
        for (final String[] row : INCLUSION)
        {
            final long index = Long.parseLong(row[0]) - 1;
            final long size = Long.parseLong(row[1]);
            final byte[][] expected = proof(row);
            assertArrayEquals(expected, tree.inclusionProof(index, size), "generated proof for leaf " + index + " in " + size);
            final byte[] leaf = hasher.leafHash(HEX.parseHex(LEAF_INPUTS[(int)index]));
            final byte[] root = HEX.parseHex(ROOTS[(int)size]);
            assertTrue(MerkleProofs.verifyInclusion(hasher, index, size, leaf, expected, root));
            assertInclusionProbesFail(index, size, leaf, expected, root);
        }
    }

    private void assertInclusionProbesFail(final long index, final long size, final byte[] leaf, final byte[][] proof, final byte[] root)
    {
        assertFalse(MerkleProofs.verifyInclusion(hasher, index - 1, size, leaf, proof, root), "index - 1");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index + 1, size, leaf, proof, root), "index + 1");
        if ((index ^ 2) < size && (index ^ 2) != index)
        {
            assertFalse(MerkleProofs.verifyInclusion(hasher, index ^ 2, size, leaf, proof, root), "index ^ 2");
        }
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size * 2, leaf, proof, root), "size * 2");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size / 2, leaf, proof, root), "size / 2");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, "WrongLeaf".getBytes(), proof, root), "wrong leaf");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, proof, MerkleHasher.emptyRoot()), "empty root");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, append(proof, new byte[0]), root), "trailing garbage");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, append(proof, root), root), "trailing root");
        assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, prepend(proof, root), root), "preceding root");
        for (int i = 0; i < proof.length; i++)
        {
            final byte[][] wrong = deepCopy(proof);
            wrong[i][0] ^= 8;
            assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, wrong, root), "flipped proof[" + i + "]");
        }
        if (proof.length > 0)
        {
            assertFalse(MerkleProofs.verifyInclusion(hasher, index, size, leaf, Arrays.copyOf(proof, proof.length - 1), root), "removed");
        }
    }

    @Test
    void shouldGenerateAndAcceptThePublishedConsistencyProofs()
    {
        final MerkleTree tree = vectorTree();
        for (final String[] row : CONSISTENCY)
        {
            final long size1 = Long.parseLong(row[0]);
            final long size2 = Long.parseLong(row[1]);
            final byte[][] expected = proof(row);
            assertArrayEquals(expected, tree.consistencyProof(size1, size2), "generated proof " + size1 + " -> " + size2);
            final byte[] root1 = HEX.parseHex(ROOTS[(int)size1]);
            final byte[] root2 = HEX.parseHex(ROOTS[(int)size2]);
            assertTrue(MerkleProofs.verifyConsistency(hasher, size1, size2, expected, root1, root2));
            if (expected.length > 0)
            {
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1 - 1, size2, expected, root1, root2), "size1 - 1");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1 + 1, size2, expected, root1, root2), "size1 + 1");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2 * 2, expected, root1, root2), "size2 * 2");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, expected, root2, root1), "swapped roots");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, new byte[0][], root1, root2), "empty proof");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, append(expected, root1), root1, root2), "trailing root1");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, prepend(expected, root2), root1, root2), "preceding root2");
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, Arrays.copyOf(expected, expected.length - 1), root1, root2), "truncated");
                for (int i = 0; i < expected.length; i++)
                {
                    final byte[][] wrong = deepCopy(expected);
                    wrong[i][0] ^= 16;
                    assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size2, wrong, root1, root2), "flipped proof[" + i + "]");
                }
            }
        }
    }

    @Test
    void shouldApplyTheEdgeCasesOfConsistency()
    {
        final byte[] a = hasher.leafHash(new byte[] {1});
        final byte[] b = hasher.leafHash(new byte[] {2});
        final byte[] empty = MerkleHasher.emptyRoot();
        assertTrue(MerkleProofs.verifyConsistency(hasher, 0, 0, new byte[0][], a, a));
        assertTrue(MerkleProofs.verifyConsistency(hasher, 0, 1, new byte[0][], a, b));
        assertFalse(MerkleProofs.verifyConsistency(hasher, 1, 1, new byte[0][], a, b));
        assertFalse(MerkleProofs.verifyConsistency(hasher, 1, 0, new byte[0][], a, b));
        assertFalse(MerkleProofs.verifyConsistency(hasher, 1, 2, new byte[0][], a, b));
        assertFalse(MerkleProofs.verifyConsistency(hasher, 1, 1, new byte[][] {empty}, empty, empty));
    }

    @Test
    void shouldAgreeWithTheTextbookTreeForRandomSizesAndProveEveryLeaf()
    {
        final Random random = new Random(6962);
        for (int round = 0; round < 40; round++)
        {
            final int n = 1 + random.nextInt(300);
            final byte[][] leaves = new byte[n][];
            final MerkleTree tree = new MerkleTree(hasher);
            final CompactRange range = new CompactRange(hasher);
            for (int i = 0; i < n; i++)
            {
                final byte[] data = new byte[random.nextInt(40)];
                random.nextBytes(data);
                leaves[i] = hasher.leafHash(data);
                tree.appendLeafHash(leaves[i], 0);
                range.append(leaves[i], 0);
            }
            final byte[] root = textbookRoot(leaves, 0, n);
            assertArrayEquals(root, range.root(), "compact range of " + n);
            assertArrayEquals(root, tree.root(n), "tree of " + n);
            final CompactRange restored = new CompactRange(hasher);
            restored.reset(range.size(), range.hashes(), 0, range.hashes().length);
            assertArrayEquals(root, restored.root(), "restored frontier of " + n);

            final int size = 1 + random.nextInt(n);
            final byte[] sizeRoot = textbookRoot(leaves, 0, size);
            for (int i = 0; i < size; i++)
            {
                assertTrue(MerkleProofs.verifyInclusion(hasher, i, size, leaves[i], tree.inclusionProof(i, size), sizeRoot),
                    "leaf " + i + " of " + size);
            }
            final int size1 = random.nextInt(size + 1);
            assertTrue(MerkleProofs.verifyConsistency(hasher, size1, size, tree.consistencyProof(size1, size),
                textbookRoot(leaves, 0, size1), sizeRoot), size1 + " -> " + size);
            if (size1 > 0 && size1 < size)
            {
                final byte[] otherRoot = textbookRoot(leaves, 0, size1).clone();
                otherRoot[5] ^= 1;
                assertFalse(MerkleProofs.verifyConsistency(hasher, size1, size, tree.consistencyProof(size1, size), otherRoot, sizeRoot));
            }
        }
    }

    private byte[] textbookRoot(final byte[][] leaves, final int start, final int end)
    {
        final int n = end - start;
        if (n == 0)
        {
            return MerkleHasher.emptyRoot();
        }
        if (n == 1)
        {
            return leaves[start];
        }
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return hasher.nodeHash(textbookRoot(leaves, start, start + k), textbookRoot(leaves, start + k, end));
    }

    private static byte[][] append(final byte[][] proof, final byte[] extra)
    {
        final byte[][] out = Arrays.copyOf(proof, proof.length + 1);
        out[proof.length] = extra;
        return out;
    }

    private static byte[][] prepend(final byte[][] proof, final byte[] extra)
    {
        final byte[][] out = new byte[proof.length + 1][];
        out[0] = extra;
        System.arraycopy(proof, 0, out, 1, proof.length);
        return out;
    }

    private static byte[][] deepCopy(final byte[][] proof)
    {
        final byte[][] out = new byte[proof.length][];
        for (int i = 0; i < proof.length; i++)
        {
            out[i] = proof[i].clone();
        }
        return out;
    }
}
