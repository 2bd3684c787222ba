package com.orderguard.orderpath.gateway.transit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import com.orderguard.orderpath.crypto.JdkCryptoKernels;

/**
 * GHASH (NIST SP 800-38D, section 6.4) keyed once by its hash subkey H, allocating nothing per
 * message. Where the JVM lets it ({@link JdkCryptoKernels#hasGhash()}, the appliance's flags do),
 * the blocks go to the JDK's own GHASH, which HotSpot runs as a carry-less-multiply (PCLMULQDQ)
 * stub: about 5 ns a block, in constant time, and no tables. Otherwise it multiplies over two long
 * words per block through tables built here. Multiplication by H is linear over GF(2), so it is the XOR of
 * precomputed products, one per {@code bitsPerLookup}-bit slice of the block: with 8-bit slices, 16
 * lookups into one flat 64 KB table per block (the journal's single content key carries every order
 * event); with 4-bit slices, 32 lookups into 8 KB (a session direction: many keys, modest traffic).
 * Flat {@code long[]} tables, because Bouncy Castle's table multipliers keep a {@code long[2]} object
 * per entry and spend their time chasing pointers (measured: 33 ns a block for its 64 KB tables).
 * <p>
 * What must hold: table lookups are indexed by the running hash, which depends on H; like every
 * table-driven GHASH (Bouncy Castle's default among them) this is not constant-time against an
 * attacker who shares the core's caches. The appliance runs no foreign code beside the journal and
 * the gateway; what GHASH covers is ciphertext and clear metadata, and a leak of H would let forge a
 * tag, not read content. The JDK's kernel has neither concern. Not thread-safe.
 */
public final class Ghash
{
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int BLOCK = 16;
    /** GCM's reduction polynomial, x^128 = x^7 + x^2 + x + 1, in its bit-reflected form. */
    private static final long R = 0xE100000000000000L;

    private final int bitsPerLookup;
    private final int slices;
    private final int entries;
    /** high[slice * entries + value], low[...] = (value placed at slice) * H, as its two words. */
    private final long[] high;
    private final long[] low;
    /** The JDK's GHASH keyed with H, or null when it is not reachable and the tables serve. */
    private final Object kernel;
    /** The kernel's running hash, two big-endian words (the object's own array). */
    private final long[] kernelHash;
    private long y0;
    private long y1;

    /**
     * @param h             the 16-byte hash subkey E(K, 0^128).
     * @param bitsPerLookup 4 (8 KB of tables) or 8 (64 KB).
     */
    public Ghash(final byte[] h, final int bitsPerLookup)
    {
        this(h, bitsPerLookup, true);
    }

    /**
     * @param h                the 16-byte hash subkey E(K, 0^128).
     * @param bitsPerLookup    4 (8 KB of tables) or 8 (64 KB), when the tables serve.
     * @param jdkKernelAllowed false to use the tables even where the JDK's kernel is reachable (tests of the tables).
     */
    Ghash(final byte[] h, final int bitsPerLookup, final boolean jdkKernelAllowed)
    {
        if (BLOCK != h.length || (4 != bitsPerLookup && 8 != bitsPerLookup))
        {
            throw new IllegalArgumentException("a 16-byte H and 4 or 8 bits per lookup, got " + h.length + " and " + bitsPerLookup);
        }
        this.bitsPerLookup = bitsPerLookup;
        this.slices = 128 / bitsPerLookup;
        this.entries = 1 << bitsPerLookup;
        if (jdkKernelAllowed && JdkCryptoKernels.hasGhash())
        {
            this.kernel = JdkCryptoKernels.newGhash(h.clone());
            this.kernelHash = JdkCryptoKernels.ghashState(kernel);
            this.high = null;
            this.low = null;
            return;
        }
        this.kernel = null;
        this.kernelHash = null;
        this.high = new long[slices * entries];
        this.low = new long[slices * entries];

        // power[k] = x^k * H, k = 0..127: bit k of a block (bit 0 the most significant of byte 0) stands for x^k
        final long[] power = new long[256];
        long p0 = (long)LONG_BE.get(h, 0);
        long p1 = (long)LONG_BE.get(h, 8);
        for (int k = 0; k < 128; k++)
        {
            power[2 * k] = p0;
            power[2 * k + 1] = p1;
            final boolean carry = (p1 & 1L) != 0;
            p1 = (p1 >>> 1) | (p0 << 63);
            p0 = (p0 >>> 1) ^ (carry ? R : 0L);
        }
        for (int slice = 0; slice < slices; slice++)
        {
            for (int value = 1; value < entries; value++)
            {
                long t0 = 0;
                long t1 = 0;
                for (int bit = 0; bit < bitsPerLookup; bit++)
                {
                    if ((value & (1 << (bitsPerLookup - 1 - bit))) != 0) // the slice's most significant bit is x^(slice * bits)
                    {
                        final int k = slice * bitsPerLookup + bit;
                        t0 ^= power[2 * k];
                        t1 ^= power[2 * k + 1];
                    }
                }
                high[slice * entries + value] = t0;
                low[slice * entries + value] = t1;
            }
        }
    }

    private void reset()
    {
        y0 = 0;
        y1 = 0;
        if (null != kernel)
        {
            kernelHash[0] = 0;
            kernelHash[1] = 0;
        }
    }

    /** Whether the JDK's carry-less-multiply GHASH does the work (else this class's tables). */
    public boolean usesJdkKernel()
    {
        return null != kernel;
    }

    /**
     * GHASH of {@code blocks[0, length)} (already padded to whole blocks, {@code length} a multiple
     * of 16, with 16 bytes free after it) followed by the lengths block, in one pass: the form for
     * small messages, where each call costs more than the blocks. Writes the hash to {@code out}. {@code blocks[length, length + 16)} is overwritten with the lengths block.
     */
    public void digestBlocks(
        final byte[] blocks, final int length, final long aadBits, final long dataBits, final byte[] out, final int offset)
    {
        if ((length & (BLOCK - 1)) != 0)
        {
            throw new IllegalArgumentException("whole blocks only, got " + length + " bytes");
        }
        LONG_BE.set(blocks, length, aadBits);
        LONG_BE.set(blocks, length + 8, dataBits);
        reset();
        if (null != kernel)
        {
            JdkCryptoKernels.ghashUpdate(kernel, blocks, 0, length + BLOCK);
            LONG_BE.set(out, offset, kernelHash[0]);
            LONG_BE.set(out, offset + 8, kernelHash[1]);
            return;
        }
        for (int at = 0; at <= length; at += BLOCK)
        {
            y0 ^= (long)LONG_BE.get(blocks, at);
            y1 ^= (long)LONG_BE.get(blocks, at + 8);
            multiplyH();
        }
        LONG_BE.set(out, offset, y0);
        LONG_BE.set(out, offset + 8, y1);
    }

    /** y = y * H: the XOR of one table entry per slice of y. */
    private void multiplyH()
    {
        if (8 == bitsPerLookup)
        {
            multiplyH8();
            return;
        }
        final long[] h = high;
        final long[] l = low;
        long z0 = 0;
        long z1 = 0;
        for (int s = 0; s < 16; s++)
        {
            final int at = (s << 4) + (int)((y0 >>> (60 - 4 * s)) & 15);
            z0 ^= h[at];
            z1 ^= l[at];
        }
        for (int s = 0; s < 16; s++)
        {
            final int at = 256 + (s << 4) + (int)((y1 >>> (60 - 4 * s)) & 15);
            z0 ^= h[at];
            z1 ^= l[at];
        }
        y0 = z0;
        y1 = z1;
    }

    /** The 8-bit form, unrolled: 16 independent lookups the CPU can issue together. */
    private void multiplyH8()
    {
        final long a = y0;
        final long b = y1;
        final long[] h = high;
        final long[] l = low;
        final int i0 = (int)(a >>> 56);
        final int i1 = 256 + (int)((a >>> 48) & 0xFF);
        final int i2 = 512 + (int)((a >>> 40) & 0xFF);
        final int i3 = 768 + (int)((a >>> 32) & 0xFF);
        final int i4 = 1024 + (int)((a >>> 24) & 0xFF);
        final int i5 = 1280 + (int)((a >>> 16) & 0xFF);
        final int i6 = 1536 + (int)((a >>> 8) & 0xFF);
        final int i7 = 1792 + (int)(a & 0xFF);
        final int j0 = 2048 + (int)(b >>> 56);
        final int j1 = 2304 + (int)((b >>> 48) & 0xFF);
        final int j2 = 2560 + (int)((b >>> 40) & 0xFF);
        final int j3 = 2816 + (int)((b >>> 32) & 0xFF);
        final int j4 = 3072 + (int)((b >>> 24) & 0xFF);
        final int j5 = 3328 + (int)((b >>> 16) & 0xFF);
        final int j6 = 3584 + (int)((b >>> 8) & 0xFF);
        final int j7 = 3840 + (int)(b & 0xFF);
        y0 = h[i0] ^ h[i1] ^ h[i2] ^ h[i3] ^ h[i4] ^ h[i5] ^ h[i6] ^ h[i7] ^
            h[j0] ^ h[j1] ^ h[j2] ^ h[j3] ^ h[j4] ^ h[j5] ^ h[j6] ^ h[j7];
        y1 = l[i0] ^ l[i1] ^ l[i2] ^ l[i3] ^ l[i4] ^ l[i5] ^ l[i6] ^ l[i7] ^
            l[j0] ^ l[j1] ^ l[j2] ^ l[j3] ^ l[j4] ^ l[j5] ^ l[j6] ^ l[j7];
    }
}
