package com.orderguard.orderpath.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 (FIPS 180-4) for many small messages on one thread, allocating nothing: the JDK's
 * compression function ({@link JdkCryptoKernels}, SHA-NI where the CPU has it) with this class's own
 * padding, so a digest costs its compressions and little else. Whole blocks are compressed where
 * they lie in the caller's array; only a partial block is copied. Without the kernel (JVM flags
 * missing) it runs through a reused {@link MessageDigest}, slower and identical.
 * <p>
 * Use: {@link #update} any number of times, then {@link #digest}, which also starts the next message.
 * Not thread-safe.
 */
public final class Sha256
{
    public static final int DIGEST_BYTES = 32;
    private static final int BLOCK = 64;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Object kernel;
    private final int[] chaining;
    private final int[] initial = new int[8];
    private final MessageDigest fallback;
    /** The partial block being filled, and room for the padding to spill into a second block. */
    private final byte[] pending = new byte[2 * BLOCK];
    private int pendingBytes;
    private long messageBytes;

    public Sha256()
    {
        this(true);
    }

    /** @param kernelAllowed false to use the public MessageDigest even where the kernel is reachable (tests of the fallback). */
    Sha256(final boolean kernelAllowed)
    {
        if (kernelAllowed && JdkCryptoKernels.hasSha256())
        {
            kernel = JdkCryptoKernels.newSha256();
            chaining = JdkCryptoKernels.sha256State(kernel);
            System.arraycopy(chaining, 0, initial, 0, initial.length);
            fallback = null;
        }
        else
        {
            kernel = null;
            chaining = null;
            try
            {
                fallback = MessageDigest.getInstance("SHA-256");
            }
            catch (final NoSuchAlgorithmException ex)
            {
                throw new IllegalStateException("SHA-256 missing from the JDK", ex);
            }
        }
    }

    /** Whether the JDK's compression function is called directly (else the public MessageDigest). */
    public boolean direct()
    {
        return null != kernel;
    }

    public void update(final byte value)
    {
        if (null == kernel)
        {
            fallback.update(value);
            return;
        }
        pending[pendingBytes++] = value;
        messageBytes++;
        if (BLOCK == pendingBytes)
        {
            JdkCryptoKernels.sha256Compress(kernel, pending, 0);
            pendingBytes = 0;
        }
    }

    public void update(final byte[] bytes, final int offset, final int length)
    {
        if (null == kernel)
        {
            fallback.update(bytes, offset, length);
            return;
        }
        if (offset < 0 || length < 0 || offset > bytes.length - length)
        {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") of " + bytes.length + " bytes");
        }
        messageBytes += length;
        int at = offset;
        final int end = offset + length;
        if (pendingBytes > 0)
        {
            final int take = Math.min(BLOCK - pendingBytes, length);
            System.arraycopy(bytes, at, pending, pendingBytes, take);
            pendingBytes += take;
            at += take;
            if (BLOCK != pendingBytes)
            {
                return;
            }
            JdkCryptoKernels.sha256Compress(kernel, pending, 0);
            pendingBytes = 0;
        }
        for (; at + BLOCK <= end; at += BLOCK)
        {
            JdkCryptoKernels.sha256Compress(kernel, bytes, at);
        }
        final int rest = end - at;
        System.arraycopy(bytes, at, pending, 0, rest);
        pendingBytes = rest;
    }

    /** Writes the digest of everything updated since the last digest to {@code out[offset, +32)} and starts anew. */
    public void digest(final byte[] out, final int offset)
    {
        if (null == kernel)
        {
            try
            {
                fallback.digest(out, offset, DIGEST_BYTES);
                return;
            }
            catch (final DigestException ex)
            {
                throw new IllegalArgumentException(ex);
            }
        }
        if (offset < 0 || offset > out.length - DIGEST_BYTES)
        {
            throw new IndexOutOfBoundsException("32 bytes at " + offset + " of " + out.length);
        }
        final int lengthAt = pendingBytes + 1 + 8 <= BLOCK ? BLOCK - 8 : 2 * BLOCK - 8;
        pending[pendingBytes] = (byte)0x80;
        for (int i = pendingBytes + 1; i < lengthAt; i += Long.BYTES)
        {
            LONG_BE.set(pending, i, 0L); // may run up to 7 bytes into the length, written next; lengthAt + 8 <= pending.length
        }
        LONG_BE.set(pending, lengthAt, messageBytes << 3);
        JdkCryptoKernels.sha256Compress(kernel, pending, 0);
        if (lengthAt > BLOCK)
        {
            JdkCryptoKernels.sha256Compress(kernel, pending, BLOCK);
        }
        for (int i = 0; i < 8; i++)
        {
            INT_BE.set(out, offset + 4 * i, chaining[i]);
        }
        System.arraycopy(initial, 0, chaining, 0, chaining.length);
        pendingBytes = 0;
        messageBytes = 0;
    }
}
