package com.orderguard.custody.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tells, share by share, whether a share is the one this seal set issued, so that a wrong share is
 * named the moment it is given, not after the threshold when combining yields a wrong secret.
 * <p>
 * The seal file keeps, per share number i, {@code SHA-256(DOMAIN_TAG || 0x00 || setId (4 bytes, big-endian)
 * || i (1 byte) || share bytes (32))}. The digests give nothing away: each share is 32 bytes that look
 * uniformly random, so a digest cannot be inverted, and binding set id and number stops a digest of one
 * share from vouching for another. Comparison is constant-time.
 */
public final class ShareAuthenticator
{
    public static final String DOMAIN_TAG = "orderguard share digest v1";

    /** What a share is, against one seal set. */
    public enum Verdict
    {
        AUTHENTIC,
        OTHER_SET,
        NO_SUCH_INDEX,
        TAMPERED
    }

    private final SealFile sealFile;

    public ShareAuthenticator(final SealFile sealFile)
    {
        this.sealFile = sealFile;
    }

    public Verdict verdict(final ShareText share)
    {
        if (share.sealSetId() != sealFile.sealSetId())
        {
            return Verdict.OTHER_SET;
        }

        if (share.index() < 1 || share.index() > sealFile.shares())
        {
            return Verdict.NO_SUCH_INDEX;
        }

        final byte[] digest = digest(share.sealSetId(), share.index(), share.bytes());
        return MessageDigest.isEqual(digest, sealFile.shareDigest(share.index())) ? Verdict.AUTHENTIC : Verdict.TAMPERED;
    }

    public static byte[] digest(final int sealSetId, final int index, final byte[] shareBytes)
    {
        final byte[] tag = DOMAIN_TAG.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer input = ByteBuffer.allocate(tag.length + 1 + 4 + 1 + shareBytes.length);
        input.put(tag).put((byte)0).putInt(sealSetId).put((byte)index).put(shareBytes);
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(input.array());
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
