package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A signed statement "the journal's first {@code treeSize} records have Merkle root {@code root},
 * as of {@code epochNanos}". It is journaled as a {@link RecordKind#CHECKPOINT} record (so later
 * checkpoints cover it too), appended to the witness file and offered for HTTP publication.
 * <p>
 * The signed message is the text {@link #signedMessage()}, in the spirit of a transparency-dev
 * checkpoint note: origin line, size, base64 root, time, each ending in a newline. Text keeps it
 * checkable by hand ({@code openssl dgst -sha256 -verify journal-signing.pub.pem}).
 */
public record Checkpoint(long treeSize, byte[] root, long epochNanos, byte[] signature)
{
    /** First line of every signed message: names the log and its format version. */
    public static final String ORIGIN = "orderguard.audit.v2";

    private static final int FIXED_LENGTH = 8 + MerkleHasher.HASH_LENGTH + 8 + 2;

    public Checkpoint
    {
        if (treeSize < 0 || root == null || root.length != MerkleHasher.HASH_LENGTH || signature == null)
        {
            throw new IllegalArgumentException("a checkpoint needs a size >= 0, a 32-byte root and a signature");
        }
    }

    /** The exact bytes the journal key signs. */
    public byte[] signedMessage()
    {
        return signedMessage(treeSize, root, epochNanos);
    }

    public static byte[] signedMessage(final long treeSize, final byte[] root, final long epochNanos)
    {
        return (ORIGIN + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(root) + "\n" + epochNanos + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /** The journal payload: int64 treeSize, byte[32] root, int64 epochNanos, int16 signature length, signature. */
    public byte[] encode()
    {
        final ByteBuffer out = ByteBuffer.allocate(FIXED_LENGTH + signature.length).order(JournalFormat.BYTE_ORDER);
        out.putLong(treeSize).put(root).putLong(epochNanos).putShort((short)signature.length).put(signature);
        return out.array();
    }

    /** @return the checkpoint, or null when the bytes are not one. */
    public static Checkpoint decode(final byte[] bytes, final int offset, final int length)
    {
        if (length < FIXED_LENGTH)
        {
            return null;
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).order(JournalFormat.BYTE_ORDER);
        final long size = in.getLong();
        final byte[] root = new byte[MerkleHasher.HASH_LENGTH];
        in.get(root);
        final long time = in.getLong();
        final int sigLength = in.getShort() & 0xFFFF;
        if (sigLength != length - FIXED_LENGTH || size < 0)
        {
            return null;
        }
        final byte[] signature = new byte[sigLength];
        in.get(signature);
        return new Checkpoint(size, root, time, signature);
    }

    /** One line of the witness file: {@code <treeSize> <root b64> <epochNanos> <signature b64>}. */
    public String toWitnessLine()
    {
        final Base64.Encoder b64 = Base64.getEncoder();
        return treeSize + " " + b64.encodeToString(root) + " " + epochNanos + " " + b64.encodeToString(signature);
    }

    /** @throws IllegalArgumentException when the line is not a witness line. */
    public static Checkpoint fromWitnessLine(final String line)
    {
        final String[] parts = line.trim().split(" ");
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("a witness line has 4 fields, this has " + parts.length);
        }
        final Base64.Decoder b64 = Base64.getDecoder();
        return new Checkpoint(Long.parseLong(parts[0]), b64.decode(parts[1]), Long.parseLong(parts[2]), b64.decode(parts[3]));
    }

    /** The HTTP-postable form: one JSON object (no library needed to make or read it). */
    public String toJson()
    {
        final Base64.Encoder b64 = Base64.getEncoder();
        return "{\"origin\":\"" + ORIGIN + "\",\"treeSize\":" + treeSize + ",\"root\":\"" + b64.encodeToString(root) +
            "\",\"epochNanos\":" + epochNanos + ",\"signature\":\"" + b64.encodeToString(signature) + "\"}";
    }

    public String rootBase64()
    {
        return Base64.getEncoder().encodeToString(root);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof Checkpoint c && c.treeSize == treeSize && c.epochNanos == epochNanos &&
            java.util.Arrays.equals(c.root, root) && java.util.Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(treeSize) * 31 + java.util.Arrays.hashCode(root);
    }

    @Override
    public String toString()
    {
        return "Checkpoint[size=" + treeSize + ", root=" + rootBase64() + ", epochNanos=" + epochNanos + "]";
    }
}
