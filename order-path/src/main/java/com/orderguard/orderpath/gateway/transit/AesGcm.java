package com.orderguard.orderpath.gateway.transit;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM (NIST SP 800-38D, 96-bit nonce, 128-bit tag) for small messages, in place, allocating
 * nothing per message. Neither the JDK's {@code Cipher("AES/GCM")} nor Bouncy Castle's
 * {@code GCMBlockCipher} can do that: both need an {@code init} per nonce, and each init allocates
 * (parameter objects, counters, buffers). So the mode is composed here from two vetted parts that
 * are keyed once per session: the JDK's AES block function ({@code AES/ECB/NoPadding}, AES-NI
 * intrinsics, constant time) makes the counter-mode key stream and E(K, J0), and Bouncy Castle's
 * {@link Tables4kGCMMultiplier} (the multiplier its own GCM uses by default) computes GHASH. Its
 * output is byte-for-byte that of the JDK's AES/GCM (AesGcmTest checks random messages and the
 * NIST vectors against it).
 * <p>
 * What must hold for the caller: a nonce is never used twice with one key (SessionCipher numbers
 * its messages and refuses to go back or wrap); {@link #open} releases no plaintext unless the tag
 * verified (the data is decrypted only after the comparison, which is constant-time). Messages up to
 * {@link #MAX_MESSAGE_BYTES}. Not thread-safe: one per session direction.
 */
public final class AesGcm
{
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int MAX_MESSAGE_BYTES = 256;
    public static final int MAX_AAD_BYTES = 32;
    private static final int BLOCK = 16;
    private static final int MAX_BLOCKS = MAX_MESSAGE_BYTES / BLOCK;

    private final Cipher aes;
    private final GCMMultiplier ghash = new Tables4kGCMMultiplier();
    /** Counter blocks J0, J0+1, ... (one more than the message needs: E(K, J0) masks the tag). */
    private final byte[] counters = new byte[BLOCK * (MAX_BLOCKS + 1)];
    private final byte[] keyStream = new byte[BLOCK * (MAX_BLOCKS + 1)];
    private final byte[] x = new byte[BLOCK];

    /** Keys the block function and the GHASH tables; {@code key} may be wiped by the caller afterwards. */
    public AesGcm(final byte[] key)
    {
        if (KEY_BYTES != key.length)
        {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key.length);
        }
        try
        {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            final byte[] h = new byte[BLOCK];
            aes.doFinal(h, 0, BLOCK, h, 0);
            ghash.init(h);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no AES", ex);
        }
    }

    /**
     * Encrypts {@code data[offset, offset+length)} in place and writes the tag at {@code tag[tagOffset]}.
     * {@code aad[0, aadLength)} is authenticated, not encrypted.
     */
    public void seal(
        final byte[] nonce,
        final byte[] aad,
        final int aadLength,
        final byte[] data,
        final int offset,
        final int length,
        final byte[] tag,
        final int tagOffset)
    {
        checkLengths(length, aadLength);
        keyStream(nonce, length);
        for (int i = 0; i < length; i++)
        {
            data[offset + i] ^= keyStream[BLOCK + i];
        }
        ghash(aad, aadLength, data, offset, length);
        for (int i = 0; i < TAG_BYTES; i++)
        {
            tag[tagOffset + i] = (byte)(x[i] ^ keyStream[i]);
        }
    }

    /**
     * Checks the tag and, only if it verifies, decrypts {@code data[offset, offset+length)} in place.
     *
     * @return false (data untouched) when the tag does not match: altered data, aad, nonce or key.
     */
    public boolean open(
        final byte[] nonce,
        final byte[] aad,
        final int aadLength,
        final byte[] data,
        final int offset,
        final int length,
        final byte[] tag,
        final int tagOffset)
    {
        checkLengths(length, aadLength);
        keyStream(nonce, length);
        ghash(aad, aadLength, data, offset, length);
        int difference = 0;
        for (int i = 0; i < TAG_BYTES; i++)
        {
            difference |= (x[i] ^ keyStream[i]) ^ tag[tagOffset + i];
        }
        if (0 != difference)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            data[offset + i] ^= keyStream[BLOCK + i];
        }
        return true;
    }

    private static void checkLengths(final int length, final int aadLength)
    {
        if (length < 0 || length > MAX_MESSAGE_BYTES || aadLength < 0 || aadLength > MAX_AAD_BYTES)
        {
            throw new IllegalArgumentException("message 0.." + MAX_MESSAGE_BYTES + " bytes and aad 0.." + MAX_AAD_BYTES +
                " bytes, got " + length + " and " + aadLength);
        }
    }

    /** keyStream = E(K, J0) || E(K, J0+1) || ...: the tag mask, then the message's counter blocks. */
    private void keyStream(final byte[] nonce, final int length)
    {
        final int blocks = 1 + (length + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++)
        {
            final int at = b * BLOCK;
            System.arraycopy(nonce, 0, counters, at, NONCE_BYTES);
            final int counter = b + 1; // J0 = nonce || 0^31 || 1 (SP 800-38D, 96-bit IV)
            counters[at + 12] = (byte)(counter >>> 24);
            counters[at + 13] = (byte)(counter >>> 16);
            counters[at + 14] = (byte)(counter >>> 8);
            counters[at + 15] = (byte)counter;
        }
        try
        {
            aes.update(counters, 0, blocks * BLOCK, keyStream, 0);
        }
        catch (final ShortBufferException ex)
        {
            throw new IllegalStateException("key stream buffer too small", ex); // sized for MAX_MESSAGE_BYTES: cannot happen
        }
    }

    /** x = GHASH_H(aad || pad || ciphertext || pad || len(aad) || len(ciphertext)), lengths in bits. */
    private void ghash(final byte[] aad, final int aadLength, final byte[] data, final int offset, final int length)
    {
        java.util.Arrays.fill(x, (byte)0);
        absorb(aad, 0, aadLength);
        absorb(data, offset, length);
        final long aadBits = (long)aadLength * 8;
        final long dataBits = (long)length * 8;
        for (int i = 0; i < 8; i++)
        {
            x[i] ^= (byte)(aadBits >>> (56 - 8 * i));
            x[8 + i] ^= (byte)(dataBits >>> (56 - 8 * i));
        }
        ghash.multiplyH(x);
    }

    private void absorb(final byte[] bytes, final int offset, final int length)
    {
        for (int at = 0; at < length; at += BLOCK)
        {
            final int n = Math.min(BLOCK, length - at);
            for (int i = 0; i < n; i++)
            {
                x[i] ^= bytes[offset + at + i];
            }
            ghash.multiplyH(x);
        }
    }
}
