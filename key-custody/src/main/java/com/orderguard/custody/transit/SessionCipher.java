package com.orderguard.custody.transit;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

/**
 * One direction of an order-entry session's message encryption: AES-256-GCM under a key of this session
 * alone, with the message's sequence number as the IV (4 zero bytes || 8-byte sequence, big-endian), and
 * the sequence and the frame header as AAD. What must hold: a sequence number is used once per key, so
 * {@link #seal} refuses a number not above the last one, and {@link #open} refuses (as a replay or
 * reorder) a number not above the last one it accepted. Returns int codes, never throws on bad input:
 * it sits on the gateway's path. Not thread-safe: one per session direction, on the order-path thread.
 */
public final class SessionCipher
{
    /** Bytes GCM adds to each message. */
    public static final int TAG_BYTES = 16;
    public static final int REJECT_SEQUENCE = -1;
    public static final int REJECT_AUTHENTICATION = -2;
    public static final int REJECT_LENGTH = -3;

    private final Cipher cipher;
    private final SecretKey key;
    private final boolean sealing;
    private final byte[] iv = new byte[12];
    private final byte[] aadSequence = new byte[8];
    private long lastSequence;

    SessionCipher(final SecretKey key, final boolean sealing)
    {
        this.key = key;
        this.sealing = sealing;
        try
        {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no AES/GCM", ex);
        }
    }

    /**
     * Encrypts {@code plain[offset..offset+length)} as message {@code sequence} into {@code out} at
     * {@code outOffset} (ciphertext then tag: length + 16 bytes), authenticating {@code header}. Returns the
     * bytes written, or REJECT_SEQUENCE if {@code sequence} is not above the last one sealed.
     */
    public int seal(final long sequence, final byte[] header, final byte[] plain, final int offset, final int length,
        final byte[] out, final int outOffset)
    {
        if (!sealing)
        {
            throw new IllegalStateException("this is the receiving direction");
        }
        if (sequence <= lastSequence)
        {
            return REJECT_SEQUENCE;
        }
        try
        {
            init(Cipher.ENCRYPT_MODE, sequence, header);
            final int written = cipher.doFinal(plain, offset, length, out, outOffset);
            lastSequence = sequence;
            return written;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Decrypts message {@code sequence} ({@code sealed[offset..offset+length)}, ciphertext then tag) into
     * {@code out}; returns the plaintext length, REJECT_SEQUENCE for a replayed or reordered number,
     * REJECT_AUTHENTICATION if it was altered (or another header), REJECT_LENGTH if shorter than a tag.
     * A rejected message leaves the expected sequence unchanged.
     */
    public int open(final long sequence, final byte[] header, final byte[] sealed, final int offset, final int length,
        final byte[] out, final int outOffset)
    {
        if (sealing)
        {
            throw new IllegalStateException("this is the sending direction");
        }
        if (length < TAG_BYTES)
        {
            return REJECT_LENGTH;
        }
        if (sequence <= lastSequence)
        {
            return REJECT_SEQUENCE;
        }
        try
        {
            init(Cipher.DECRYPT_MODE, sequence, header);
            final int written = cipher.doFinal(sealed, offset, length, out, outOffset);
            lastSequence = sequence;
            return written;
        }
        catch (final javax.crypto.AEADBadTagException ex)
        {
            return REJECT_AUTHENTICATION;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM failed: " + ex.getMessage(), ex);
        }
    }

    /** The last sequence number sealed or accepted (0 before the first). */
    public long lastSequence()
    {
        return lastSequence;
    }

    private void init(final int mode, final long sequence, final byte[] header) throws GeneralSecurityException
    {
        for (int i = 0; i < 8; i++)
        {
            final byte b = (byte)(sequence >>> (56 - 8 * i));
            iv[4 + i] = b;
            aadSequence[i] = b;
        }
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
        cipher.updateAAD(aadSequence);
        cipher.updateAAD(header);
    }
}
