package com.orderguard.orderpath.gateway.transit;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.orderguard.orderpath.crypto.JdkCryptoKernels;

/**
 * AES-256-GCM (NIST SP 800-38D, 96-bit nonce, 128-bit tag) for small messages, in place, allocating
 * nothing per message. Neither the JDK's {@code Cipher("AES/GCM")} nor Bouncy Castle's
 * {@code GCMBlockCipher} can do that: both need an {@code init} per nonce, and each init allocates
 * (parameter objects, counters, buffers). So the mode is composed here, keyed once per session:
 * the JDK's AES counter mode (AES-NI, constant time; called directly through
 * {@link JdkCryptoKernels}, else the block function through {@code AES/ECB/NoPadding}) makes H,
 * E(K, J0) and the message's key stream, and {@link Ghash} (the JDK's carry-less-multiply GHASH,
 * else tables) computes GHASH. Its output is byte-for-byte that of the JDK's AES/GCM
 * (AesGcmTest checks random messages and the NIST vectors against it).
 * <p>
 * What must hold for the caller: a nonce is never used twice with one key (SessionCipher numbers
 * its messages and refuses to go back or wrap); {@link #open} releases no plaintext unless the tag
 * verified (the data is decrypted only after the comparison, which is constant-time). Messages and AAD
 * up to the sizes given at construction ({@link #MAX_MESSAGE_BYTES} and {@link #MAX_AAD_BYTES} for a
 * session direction). Not thread-safe: one per session direction, or per journal content key.
 * <p>
 * GHASH tables, where the JDK's kernel is not reachable: 8 KB per key for a session (many sessions,
 * each modest traffic); the journal, with one key in force and every order event through it, takes
 * 64 KB tables, half the lookups per block.
 */
public final class AesGcm
{
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** The largest message of a session direction's cipher ({@link #AesGcm(byte[])}). */
    public static final int MAX_MESSAGE_BYTES = 256;
    /** The largest AAD of a session direction's cipher ({@link #AesGcm(byte[])}). */
    public static final int MAX_AAD_BYTES = 32;
    private static final int BLOCK = 16;
    /** Tags and blocks as two longs each (byte order irrelevant: only XOR and zero). */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final int maxMessageBytes;
    private final int maxAadBytes;
    /**
     * The JDK's AES counter mode keyed with K, or null when only the Cipher is reachable. From J0 it
     * makes E(K, J0), the tag mask, and goes on into the message's key stream; from 0^128 it made H.
     */
    private final Object ctrKernel;
    /** ctrKernel's starting counter block, its own array. */
    private final byte[] ctrCounter;
    /** Without the kernel: the block function over {@link #counters}. */
    private final Cipher aes;
    private final Ghash ghash;
    /** Without the kernel, counter blocks J0, J0+1, ... (one more than the message needs); with it, unused. */
    private final byte[] counters;
    /** Without the kernel: E(K, J0), then the message's key stream. */
    private final byte[] keyStream;
    private final byte[] x = new byte[BLOCK];
    /**
     * With the kernel: one block of zeros, then the message, run through the counter mode in one
     * call from J0, so E(K, J0) and the message's encryption come from a single kernel call.
     */
    private final byte[] ctrScratch;
    /**
     * GHASH's whole input (AAD, zero pad, ciphertext, zero pad, lengths) laid out in one array and
     * hashed in one pass: with the kernel a single call (small messages cost the call more than the
     * blocks), without it one loop over the tables.
     */
    private final byte[] ghashScratch;

    /** A session direction's cipher: messages up to {@link #MAX_MESSAGE_BYTES}, AAD up to {@link #MAX_AAD_BYTES}, 4 KB tables. */
    public AesGcm(final byte[] key)
    {
        this(key, MAX_MESSAGE_BYTES, MAX_AAD_BYTES, false);
    }

    /**
     * Keys the block function and the GHASH tables; {@code key} may be wiped by the caller afterwards.
     *
     * @param maxMessageBytes the longest message this instance will seal or open (its buffers are sized for it).
     * @param maxAadBytes     the longest AAD.
     * @param largeTables     64 KB GHASH tables instead of 8 KB: for a key that carries a whole stream (the journal's).
     */
    public AesGcm(final byte[] key, final int maxMessageBytes, final int maxAadBytes, final boolean largeTables)
    {
        this(key, maxMessageBytes, maxAadBytes, largeTables, true);
    }

    /** As above; {@code jdkKernelsAllowed} false takes the public Cipher and GHASH tables even where the kernels are reachable (tests). */
    AesGcm(final byte[] key, final int maxMessageBytes, final int maxAadBytes, final boolean largeTables, final boolean jdkKernelsAllowed)
    {
        if (KEY_BYTES != key.length)
        {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key.length);
        }
        if (maxMessageBytes < 0 || maxMessageBytes > (1 << 24) || maxAadBytes < 0)
        {
            throw new IllegalArgumentException("message limit 0..16 MB and a non-negative AAD limit, got " + maxMessageBytes +
                " and " + maxAadBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxAadBytes = maxAadBytes;
        try
        {
            final byte[] h = new byte[BLOCK];
            if (jdkKernelsAllowed && JdkCryptoKernels.hasAes())
            {
                ctrKernel = JdkCryptoKernels.newAesCtr(key);
                ctrCounter = JdkCryptoKernels.aesCtrCounter(ctrKernel);
                aes = null;
                counters = null;
                keyStream = null;
                ctrScratch = new byte[BLOCK + maxMessageBytes];
                Arrays.fill(ctrCounter, (byte)0);
                JdkCryptoKernels.aesCtrRestart(ctrKernel);
                JdkCryptoKernels.aesCtrCrypt(ctrKernel, h, 0, BLOCK, h, 0); // H = E(K, 0^128)
            }
            else
            {
                final int blocks = 1 + (maxMessageBytes + BLOCK - 1) / BLOCK;
                ctrKernel = null;
                ctrCounter = null;
                counters = new byte[BLOCK * blocks];
                keyStream = new byte[BLOCK * blocks];
                ctrScratch = null;
                aes = Cipher.getInstance("AES/ECB/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                aes.doFinal(h, 0, BLOCK, h, 0);
            }
            ghash = new Ghash(h, largeTables ? 8 : 4, jdkKernelsAllowed);
            ghashScratch = new byte[padded(maxAadBytes) + padded(maxMessageBytes) + BLOCK];
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
        if (null != ctrKernel)
        {
            counterModeFromJ0(nonce, data, offset, length);
            System.arraycopy(ctrScratch, BLOCK, data, offset, length);
            ghash(aad, aadLength, data, offset, length);
            LONG.set(tag, tagOffset, (long)LONG.get(x, 0) ^ (long)LONG.get(ctrScratch, 0));
            LONG.set(tag, tagOffset + 8, (long)LONG.get(x, 8) ^ (long)LONG.get(ctrScratch, 8));
            return;
        }
        keyStream(nonce, length);
        applyKeyStream(data, offset, length);
        ghash(aad, aadLength, data, offset, length);
        for (int i = 0; i < TAG_BYTES; i++)
        {
            tag[tagOffset + i] = (byte)(x[i] ^ keyStream[i]);
        }
    }

    /** ctrScratch = E(K, J0) ‖ data XOR key stream from J0+1: the tag mask and the message's encryption in one call. */
    private void counterModeFromJ0(final byte[] nonce, final byte[] data, final int offset, final int length)
    {
        counterBlock(nonce, 1, ctrCounter, 0);
        JdkCryptoKernels.aesCtrRestart(ctrKernel);
        LONG.set(ctrScratch, 0, 0L);
        LONG.set(ctrScratch, 8, 0L);
        System.arraycopy(data, offset, ctrScratch, BLOCK, length);
        JdkCryptoKernels.aesCtrCrypt(ctrKernel, ctrScratch, 0, BLOCK + length, ctrScratch, 0);
    }

    private static int padded(final int length)
    {
        return (length + BLOCK - 1) & -BLOCK;
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
        ghash(aad, aadLength, data, offset, length);
        if (null != ctrKernel)
        {
            counterModeFromJ0(nonce, data, offset, length);
            final long difference = // constant time: every byte compared, whatever the first one says
                ((long)LONG.get(x, 0) ^ (long)LONG.get(ctrScratch, 0) ^ (long)LONG.get(tag, tagOffset)) |
                ((long)LONG.get(x, 8) ^ (long)LONG.get(ctrScratch, 8) ^ (long)LONG.get(tag, tagOffset + 8));
            if (0 != difference)
            {
                Arrays.fill(ctrScratch, BLOCK, BLOCK + length, (byte)0); // unverified plaintext never leaves, not even in here
                return false;
            }
            System.arraycopy(ctrScratch, BLOCK, data, offset, length);
            Arrays.fill(ctrScratch, BLOCK, BLOCK + length, (byte)0);
            return true;
        }
        keyStream(nonce, length);
        int difference = 0;
        for (int i = 0; i < TAG_BYTES; i++)
        {
            difference |= (x[i] ^ keyStream[i]) ^ tag[tagOffset + i];
        }
        if (0 != difference)
        {
            return false;
        }
        applyKeyStream(data, offset, length);
        return true;
    }

    /** Whether the JDK's AES and GHASH kernels are called directly (else the public Cipher and GHASH tables). */
    public boolean usesJdkKernels()
    {
        return null != ctrKernel && ghash.usesJdkKernel();
    }

    /** The longest message this instance takes. */
    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /** The longest AAD this instance takes. */
    public int maxAadBytes()
    {
        return maxAadBytes;
    }

    /**
     * Without the kernel: XORs the message's counter blocks (after E(K, J0)) into {@code data},
     * encryption and decryption alike. Follows {@link #keyStream} for the same nonce.
     */
    private void applyKeyStream(final byte[] data, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            data[offset + i] ^= keyStream[BLOCK + i];
        }
    }

    private void checkLengths(final int length, final int aadLength)
    {
        if (length < 0 || length > maxMessageBytes || aadLength < 0 || aadLength > maxAadBytes)
        {
            throw new IllegalArgumentException("message 0.." + maxMessageBytes + " bytes and aad 0.." + maxAadBytes +
                " bytes, got " + length + " and " + aadLength);
        }
    }

    /**
     * Without the kernel: keyStream = E(K, J0) || E(K, J0+1) || ...: the tag mask, then the message's
     * counter blocks (with it, {@link #counterModeFromJ0} makes both in one call).
     */
    private void keyStream(final byte[] nonce, final int length)
    {
        final int blocks = 1 + (length + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++)
        {
            counterBlock(nonce, b + 1, counters, b * BLOCK); // J0 = nonce || 0^31 || 1 (SP 800-38D, 96-bit IV)
        }
        try
        {
            aes.update(counters, 0, blocks * BLOCK, keyStream, 0);
        }
        catch (final ShortBufferException ex)
        {
            throw new IllegalStateException("key stream buffer too small", ex); // sized for maxMessageBytes: cannot happen
        }
    }

    private static void counterBlock(final byte[] nonce, final int counter, final byte[] out, final int at)
    {
        System.arraycopy(nonce, 0, out, at, NONCE_BYTES);
        out[at + 12] = (byte)(counter >>> 24);
        out[at + 13] = (byte)(counter >>> 16);
        out[at + 14] = (byte)(counter >>> 8);
        out[at + 15] = (byte)counter;
    }

    /** x = GHASH_H(aad || pad || ciphertext || pad || len(aad) || len(ciphertext)), lengths in bits, in one pass. */
    private void ghash(final byte[] aad, final int aadLength, final byte[] data, final int offset, final int length)
    {
        final int dataAt = padded(aadLength);
        final int lengthsAt = dataAt + padded(length);
        // Each pad is under a block: two long stores of zeros cover it, spilling only into bytes written
        // next (the data, the lengths); the array has a block beyond the largest laid-out input for that.
        System.arraycopy(aad, 0, ghashScratch, 0, aadLength);
        LONG.set(ghashScratch, aadLength, 0L);
        LONG.set(ghashScratch, aadLength + 8, 0L);
        System.arraycopy(data, offset, ghashScratch, dataAt, length);
        LONG.set(ghashScratch, dataAt + length, 0L);
        LONG.set(ghashScratch, dataAt + length + 8, 0L);
        ghash.digestBlocks(ghashScratch, lengthsAt, (long)aadLength * 8, (long)length * 8, x, 0);
    }
}
